//! A QRAPI-shaped HTTP server on loopback: `POST /api/message/send-text` with a bearer key and
//! a JSON body. It records every request and answers as told: success, a status code, or
//! nothing at all (a hang).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::post;
use axum::Router;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayBehaviour {
    Accept,
    Status(u16),
    Hang,
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
}

#[derive(Debug, Clone)]
pub struct FakeGateway {
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

impl FakeGateway {
    pub async fn start() -> FakeGateway {
        let shared = Arc::new(Mutex::new(Shared { behaviour: GatewayBehaviour::Accept, requests: Vec::new() }));
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
        s.requests.push(request);
        s.behaviour
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
