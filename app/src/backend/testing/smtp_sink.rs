//! A real SMTP server on loopback for tests: it speaks enough ESMTP for lettre (EHLO, AUTH
//! PLAIN/LOGIN, MAIL, RCPT, DATA), records what arrives, and can be told to reject the login,
//! reject messages (temporarily or for good) or stall without answering, or be faulty at
//! random (seeded) message by message.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpBehaviour {
    Accept,
    /// `451` after the message: try again later.
    RejectTemporarily,
    /// `554` after the message: never.
    RejectForGood,
    /// Accepts the connection and never says a word.
    Stall,
}

/// Random faults, drawn per message from a seeded generator. Refusals are temporary (`451`)
/// except one in ten, which is final (`554`). A stalled message has been received whole but is
/// never answered: it was not accepted, and the sender times out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmtpFaults {
    pub seed: u64,
    pub refuse_percent: u32,
    pub stall_percent: u32,
}

/// What the sink did with each message it was sent, acknowledged or not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SmtpTally {
    pub accepted: usize,
    pub refused: usize,
    pub stalled: usize,
}

/// One message as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The raw message (headers and body), dot-stuffing removed.
    pub data: String,
    pub login: Option<(String, String)>,
}

#[derive(Debug)]
struct Shared {
    behaviour: SmtpBehaviour,
    credentials: Option<(String, String)>,
    messages: Vec<Received>,
    connections: usize,
    faults: Option<(SmtpFaults, StdRng)>,
    tally: SmtpTally,
}

#[derive(Debug, Clone)]
pub struct SmtpSink {
    pub port: u16,
    shared: Arc<Mutex<Shared>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP sink");
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Mutex::new(Shared {
            behaviour: SmtpBehaviour::Accept,
            credentials: None,
            messages: Vec::new(),
            connections: 0,
            faults: None,
            tally: SmtpTally::default(),
        }));
        let accepting = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = accepting.clone();
                tokio::spawn(async move {
                    let _ = session(stream, shared).await;
                });
            }
        });
        SmtpSink { port, shared }
    }

    pub fn set(&self, behaviour: SmtpBehaviour) {
        self.shared.lock().unwrap().behaviour = behaviour;
    }

    /// From now on, each message meets the faults at random; [`SmtpSink::set`] still decides
    /// for every message when it is not `Accept`.
    pub fn set_faults(&self, faults: SmtpFaults) {
        self.shared.lock().unwrap().faults = Some((faults, StdRng::seed_from_u64(faults.seed)));
    }

    pub fn tally(&self) -> SmtpTally {
        self.shared.lock().unwrap().tally
    }

    /// Only this username and password log in; anything else gets `535`.
    pub fn require_login(&self, username: &str, password: &str) {
        self.shared.lock().unwrap().credentials = Some((username.into(), password.into()));
    }

    pub fn messages(&self) -> Vec<Received> {
        self.shared.lock().unwrap().messages.clone()
    }

    pub fn connections(&self) -> usize {
        self.shared.lock().unwrap().connections
    }

    /// Waits (a few seconds at most) until `count` messages arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..200 {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.messages()
    }
}

/// A loopback port where nothing listens: connecting to it is refused.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

async fn session(stream: TcpStream, shared: Arc<Mutex<Shared>>) -> std::io::Result<()> {
    let behaviour = {
        let mut s = shared.lock().unwrap();
        s.connections += 1;
        s.behaviour
    };
    if behaviour == SmtpBehaviour::Stall {
        tokio::time::sleep(Duration::from_secs(300)).await;
        return Ok(());
    }
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.pagos.test ESMTP ready\r\n").await?;
    let mut login: Option<(String, String)> = None;
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    loop {
        let Some(line) = read_line(&mut lines).await? else { return Ok(()) };
        let upper = line.to_ascii_uppercase();
        let reply: String = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            "250-sink.pagos.test\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8".into()
        } else if upper.starts_with("AUTH PLAIN") {
            let initial = line[10..].trim().to_string();
            let encoded = if initial.is_empty() {
                write.write_all(b"334 \r\n").await?;
                read_line(&mut lines).await?.unwrap_or_default()
            } else {
                initial
            };
            let decoded = BASE64.decode(encoded.trim()).unwrap_or_default();
            let parts: Vec<String> = decoded.split(|b| *b == 0).map(|p| String::from_utf8_lossy(p).into_owned()).collect();
            let candidate = (parts.get(1).cloned().unwrap_or_default(), parts.get(2).cloned().unwrap_or_default());
            check_login(&shared, candidate, &mut login)
        } else if upper.starts_with("AUTH LOGIN") {
            write.write_all(b"334 VXNlcm5hbWU6\r\n").await?;
            let user = decode(&read_line(&mut lines).await?.unwrap_or_default());
            write.write_all(b"334 UGFzc3dvcmQ6\r\n").await?;
            let pass = decode(&read_line(&mut lines).await?.unwrap_or_default());
            check_login(&shared, (user, pass), &mut login)
        } else if upper.starts_with("MAIL FROM:") {
            mail_from = address(&line[10..]);
            rcpt_to.clear();
            "250 2.1.0 OK".into()
        } else if upper.starts_with("RCPT TO:") {
            rcpt_to.push(address(&line[8..]));
            "250 2.1.5 OK".into()
        } else if upper == "DATA" {
            write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
            let mut data = String::new();
            loop {
                let Some(l) = read_line(&mut lines).await? else { return Ok(()) };
                if l == "." {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
                data.push_str("\r\n");
            }
            let verdict = shared.lock().unwrap().verdict();
            match verdict {
                Verdict::Refuse(reply) => reply.into(),
                Verdict::Stall => {
                    // Received, never answered: wait for the sender to give up and hang up.
                    let _ = tokio::time::timeout(Duration::from_secs(300), async {
                        while read_line(&mut lines).await.ok().flatten().is_some() {}
                    })
                    .await;
                    return Ok(());
                }
                Verdict::Accept => {
                    let received = Received { mail_from: mail_from.clone(), rcpt_to: rcpt_to.clone(), data, login: login.clone() };
                    shared.lock().unwrap().messages.push(received);
                    "250 2.0.0 Queued".into()
                }
            }
        } else if upper == "RSET" {
            mail_from.clear();
            rcpt_to.clear();
            "250 OK".into()
        } else if upper == "NOOP" {
            "250 OK".into()
        } else if upper == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            "502 5.5.2 Command not implemented".into()
        };
        write.write_all(format!("{reply}\r\n").as_bytes()).await?;
    }
}

enum Verdict {
    Accept,
    Refuse(&'static str),
    Stall,
}

impl Shared {
    /// What happens to the message just received, counted in the tally.
    fn verdict(&mut self) -> Verdict {
        const TEMPORARY: &str = "451 4.3.0 Try again later";
        const FOR_GOOD: &str = "554 5.7.1 Message rejected";
        let verdict = match (self.behaviour, &mut self.faults) {
            (SmtpBehaviour::RejectTemporarily, _) => Verdict::Refuse(TEMPORARY),
            (SmtpBehaviour::RejectForGood, _) => Verdict::Refuse(FOR_GOOD),
            (_, Some((faults, rng))) => {
                let roll = rng.gen_range(0..100);
                if roll < faults.refuse_percent {
                    Verdict::Refuse(if rng.gen_range(0..10) == 0 { FOR_GOOD } else { TEMPORARY })
                } else if roll < faults.refuse_percent + faults.stall_percent {
                    Verdict::Stall
                } else {
                    Verdict::Accept
                }
            }
            _ => Verdict::Accept,
        };
        match verdict {
            Verdict::Accept => self.tally.accepted += 1,
            Verdict::Refuse(_) => self.tally.refused += 1,
            Verdict::Stall => self.tally.stalled += 1,
        }
        verdict
    }
}

fn check_login(shared: &Arc<Mutex<Shared>>, candidate: (String, String), login: &mut Option<(String, String)>) -> String {
    let expected = shared.lock().unwrap().credentials.clone();
    match expected {
        Some(expected) if expected != candidate => "535 5.7.8 Username and Password not accepted".into(),
        _ => {
            *login = Some(candidate);
            "235 2.7.0 Accepted".into()
        }
    }
}

async fn read_line(lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = lines.read_until(b'\n', &mut buf).await?;
    if n == 0 {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&buf);
    Ok(Some(text.trim_end_matches(['\r', '\n']).to_string()))
}

fn decode(line: &str) -> String {
    String::from_utf8_lossy(&BASE64.decode(line.trim()).unwrap_or_default()).into_owned()
}

fn address(arg: &str) -> String {
    let arg = arg.trim();
    let inner = arg.split('>').next().unwrap_or(arg);
    inner.trim_start_matches('<').to_string()
}
