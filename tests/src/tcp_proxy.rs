//! A TCP proxy between servers and their database that a test can cut: the
//! database "goes away" for the servers (open connections reset, new ones
//! refused) without stopping the PostgreSQL other tests share.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A running proxy to one upstream address.
pub struct TcpProxy {
    /// Where clients connect.
    pub address: SocketAddr,
    cut: Arc<AtomicBool>,
    cuts: watch::Sender<u64>,
    /// How many connections it refused or reset while cut.
    pub refused: Arc<AtomicU64>,
    accepting: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    /// Listens on a free local port and forwards to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("proxy: {e}"));
        let address = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("proxy: {e}"));
        let cut = Arc::new(AtomicBool::new(false));
        let refused = Arc::new(AtomicU64::new(0));
        let (cuts, _) = watch::channel(0_u64);
        let accepting = {
            let (cut, refused, cuts) = (cut.clone(), refused.clone(), cuts.clone());
            tokio::spawn(async move {
                while let Ok((client, _)) = listener.accept().await {
                    if cut.load(Ordering::SeqCst) {
                        refused.fetch_add(1, Ordering::SeqCst);
                        drop(client);
                        continue;
                    }
                    let mut cut_now = cuts.subscribe();
                    let refused = refused.clone();
                    tokio::spawn(async move {
                        let Ok(server) = TcpStream::connect(upstream).await else {
                            return;
                        };
                        let (mut client, mut server) = (client, server);
                        tokio::select! {
                            _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                            _ = cut_now.changed() => {
                                refused.fetch_add(1, Ordering::SeqCst);
                            }
                        }
                    });
                }
            })
        };
        Self {
            address,
            cut,
            cuts,
            refused,
            accepting,
        }
    }

    /// The database goes away: every open connection is dropped and new
    /// ones are closed as soon as they arrive.
    pub fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        self.cuts.send_modify(|n| *n += 1);
    }

    /// The database is back.
    pub fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}
