//! The `tsunagu-relay` binary as a child process on a free loopback port, killed when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use tsunagu_relay::Database;
use tsunagu_relay::testing::TestDatabase;

/// A relay process.
pub struct RelayProcess {
    pub child: Child,
    pub base: String,
}

impl RelayProcess {
    /// Starts `tsunagu-relay --listen 127.0.0.1:0 --db DB ARGS…` and waits until it listens.
    pub fn start(db: &TestDatabase, args: &[&str]) -> Self {
        let db_arg = match db.database() {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) => url.clone(),
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_tsunagu-relay"))
            .args(["--listen", "127.0.0.1:0", "--db", &db_arg])
            .args(args)
            .stderr(Stdio::piped())
            .spawn()
            .expect("the relay binary starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let addr = loop {
            let line = lines.next().expect("a log line before exit").expect("reads");
            let value: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
            if let Some(addr) = value["fields"]["addr"].as_str() {
                break addr.to_owned();
            }
        };
        // Keep draining the log so the relay never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            base: format!("http://{addr}"),
        }
    }

    /// Kills it at once (SIGKILL: nothing is finished or flushed) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
