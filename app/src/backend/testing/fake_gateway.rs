//! A QRAPI-shaped HTTP server on loopback: `POST /api/message/send-text` with a bearer key and
//! a JSON body. It records every request and answers as told: success, a status code, or
//! nothing at all (a hang), or at random (seeded) request by request.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::post;
use axum::Router;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayBehaviour {
    Accept,
    Status(u16),
    Hang,
}

/// Random faults, drawn per request from a seeded generator: a `500`, or a hang that never
/// answers (the sender times out; the message was not accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayFaults {
    pub seed: u64,
    pub error_percent: u32,
    pub hang_percent: u32,
}

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct GatewayRequest {
    pub path: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: serde_json::Value,
}

#[derive(Debug)]
struct Shared {
    behaviour: GatewayBehaviour,
    requests: Vec<GatewayRequest>,
    /// The requests answered with success: the messages the gateway took.
    accepted: Vec<GatewayRequest>,
    faults: Option<(GatewayFaults, StdRng)>,
}

#[derive(Debug, Clone)]
pub struct FakeGateway {
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

impl FakeGateway {
    pub async fn start() -> FakeGateway {
        let shared = Arc::new(Mutex::new(Shared {
            behaviour: GatewayBehaviour::Accept,
            requests: Vec::new(),
            accepted: Vec::new(),
            faults: None,
        }));
        let router = Router::new().route("/{*path}", post(receive)).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind fake gateway");
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        FakeGateway { url, shared }
    }

    pub fn set(&self, behaviour: GatewayBehaviour) {
        self.shared.lock().unwrap().behaviour = behaviour;
    }

    /// From now on, while the behaviour is `Accept`, each request meets the faults at random.
    pub fn set_faults(&self, faults: GatewayFaults) {
        self.shared.lock().unwrap().faults = Some((faults, StdRng::seed_from_u64(faults.seed)));
    }

    /// Only the requests that were answered with success.
    pub fn accepted(&self) -> Vec<GatewayRequest> {
        self.shared.lock().unwrap().accepted.clone()
    }

    pub fn requests(&self) -> Vec<GatewayRequest> {
        self.shared.lock().unwrap().requests.clone()
    }

    pub async fn wait_for(&self, count: usize) -> Vec<GatewayRequest> {
        for _ in 0..200 {
            let requests = self.requests();
            if requests.len() >= count {
                return requests;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.requests()
    }
}

async fn receive(State(shared): State<Arc<Mutex<Shared>>>, uri: Uri, headers: HeaderMap, body: Bytes) -> (StatusCode, String) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let request = GatewayRequest {
        path: uri.path().to_string(),
        authorization: header("authorization"),
        content_type: header("content-type"),
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    };
    let behaviour = {
        let mut s = shared.lock().unwrap();
        s.requests.push(request.clone());
        let behaviour = match (s.behaviour, &mut s.faults) {
            (GatewayBehaviour::Accept, Some((faults, rng))) => {
                let roll = rng.gen_range(0..100);
                if roll < faults.error_percent {
                    GatewayBehaviour::Status(500)
                } else if roll < faults.error_percent + faults.hang_percent {
                    GatewayBehaviour::Hang
                } else {
                    GatewayBehaviour::Accept
                }
            }
            (behaviour, _) => behaviour,
        };
        if behaviour == GatewayBehaviour::Accept || matches!(behaviour, GatewayBehaviour::Status(code) if (200..300).contains(&code)) {
            s.accepted.push(request);
        }
        behaviour
    };
    match behaviour {
        GatewayBehaviour::Accept => (StatusCode::OK, r#"{"status":"success"}"#.into()),
        GatewayBehaviour::Status(code) => {
            (StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), r#"{"status":"error"}"#.into())
        }
        GatewayBehaviour::Hang => {
            tokio::time::sleep(Duration::from_secs(300)).await;
            (StatusCode::OK, String::new())
        }
    }
}

/// A QRAPI-shaped endpoint over HTTPS with a self-signed certificate, for the "Aceptar
/// certificado autofirmado" option. It answers every request with 200 and counts them.
#[derive(Debug, Clone)]
pub struct SelfSignedGateway {
    pub url: String,
    requests: Arc<Mutex<usize>>,
}

impl SelfSignedGateway {
    pub async fn start() -> SelfSignedGateway {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        use tokio_rustls::rustls;
        let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .expect("self-signed certificate");
        let cert = rustls::pki_types::CertificateDer::from(certified.cert.der().to_vec());
        let key = rustls::pki_types::PrivateKeyDer::try_from(certified.key_pair.serialize_der()).expect("private key");
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .expect("server certificate");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind TLS gateway");
        let url = format!("https://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(0));
        let counter = requests.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (acceptor, counter) = (acceptor.clone(), counter.clone());
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake here.
                    let Ok(mut tls) = acceptor.accept(stream).await else { return };
                    let mut buf = vec![0u8; 16 * 1024];
                    let mut read = 0;
                    // Headers, then the body by its Content-Length (requests here are small).
                    loop {
                        let Ok(n) = tls.read(&mut buf[read..]).await else { return };
                        if n == 0 {
                            return;
                        }
                        read += n;
                        let text = String::from_utf8_lossy(&buf[..read]).to_string();
                        if let Some(end) = text.find("\r\n\r\n") {
                            let length = text[..end]
                                .lines()
                                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                                .unwrap_or(0);
                            if read >= end + 4 + length {
                                break;
                            }
                        }
                    }
                    *counter.lock().unwrap() += 1;
                    let body = r#"{"status":"success"}"#;
                    let response = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
                    let _ = tls.write_all(response.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        SelfSignedGateway { url, requests }
    }

    pub fn requests(&self) -> usize {
        *self.requests.lock().unwrap()
    }
}
