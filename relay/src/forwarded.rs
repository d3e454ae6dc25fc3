//! The client address behind a trusted proxy (`--trusted-proxy CIDR…`): the `/shl/*` limit per
//! client address would otherwise count every client behind haproxy or nginx as one.
//!
//! Only when the TCP peer is in a trusted network is `X-Forwarded-For` read, and then from the
//! right: each trusted proxy appends the address it saw, so the right-most entry that is not a
//! trusted proxy is the client as the outermost trusted proxy saw it. Entries left of it are the
//! client's own words and are never used. Without the setting the header is ignored (any client
//! could forge it).
//!
//! `X-Forwarded-For`, not the PROXY protocol: haproxy (`option forwardfor`) and nginx
//! (`$proxy_add_x_forwarded_for`) both send it, and it travels per request, so it survives
//! haproxy's `http-reuse always`, which shares one relay connection between clients (a PROXY
//! protocol header names one client per connection).

use std::net::IpAddr;
use std::str::FromStr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The header read behind a trusted proxy.
pub const FORWARDED_FOR: &str = "x-forwarded-for";

/// Networks whose connections are trusted to say who their client is (empty: none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// The networks (an address alone is a /32 or /128).
    pub fn new(networks: Vec<IpNet>) -> Self {
        Self(networks.into_iter().map(|n| n.trunc()).collect())
    }

    /// No proxy trusted: `X-Forwarded-For` is ignored.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The networks.
    pub fn networks(&self) -> &[IpNet] {
        &self.0
    }

    /// True when `ip` (IPv4-mapped IPv6 counts as IPv4) is in a trusted network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client address of a request whose TCP peer is `peer`: `peer` itself unless it is a
    /// trusted proxy; behind one, the right-most `X-Forwarded-For` entry that is not a trusted
    /// proxy (every entry trusted: the left-most). An entry that is not an address stops the
    /// walk at the last trusted hop before it (a trusted proxy never writes one; a client does).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.contains(peer) {
            return peer;
        }
        let mut nearest = peer;
        // Several header lines are one comma-separated list, in order (RFC 9110 §5.3).
        let lines: Vec<&[u8]> = headers
            .get_all(FORWARDED_FOR)
            .iter()
            .map(|v| v.as_bytes())
            .collect();
        for line in lines.iter().rev() {
            for entry in line.rsplit(|&b| b == b',') {
                let Some(ip) = parse_entry(entry) else {
                    return nearest;
                };
                if !self.contains(ip) {
                    return ip;
                }
                nearest = ip;
            }
        }
        nearest
    }
}

/// One `X-Forwarded-For` entry: an address, optionally space-padded; IPv6 may be bracketed.
fn parse_entry(entry: &[u8]) -> Option<IpAddr> {
    let text = std::str::from_utf8(entry).ok()?.trim();
    let text = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    IpAddr::from_str(text).ok().map(|ip| ip.to_canonical())
}

/// Parses `--trusted-proxy`'s value: a network (`10.0.0.0/8`, `fd00::/8`) or one address.
pub fn parse_network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    IpNet::from_str(text)
        .or_else(|_| IpAddr::from_str(text).map(IpNet::from))
        .map(|n| n.trunc())
        .map_err(|_| format!("not a network or an address: {text:?} (e.g. 10.0.0.0/24)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("test value")
    }

    fn trusted(nets: &[&str]) -> TrustedProxies {
        TrustedProxies::new(
            nets.iter()
                .map(|n| parse_network(n).expect("test value"))
                .collect(),
        )
    }

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for line in lines {
            h.append(FORWARDED_FOR, HeaderValue::from_str(line).expect("test value"));
        }
        h
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("10.0.0.5"), &headers(&["203.0.113.7"])),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_name_another_client() {
        let t = trusted(&["10.0.0.0/24"]);
        assert_eq!(
            t.client(ip("198.51.100.9"), &headers(&["203.0.113.7"])),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client() {
        let t = trusted(&["10.0.0.0/24", "fd00::1"]);
        // The client forged "1.2.3.4"; the proxy appended what it saw.
        assert_eq!(
            t.client(ip("10.0.0.2"), &headers(&["1.2.3.4, 203.0.113.7"])),
            ip("203.0.113.7")
        );
        // Two trusted hops (nginx behind haproxy), in separate header lines (haproxy's way).
        assert_eq!(
            t.client(ip("10.0.0.2"), &headers(&["1.2.3.4", "203.0.113.7, 10.0.0.3"])),
            ip("203.0.113.7")
        );
        // IPv6, bracketed, and an IPv4-mapped peer.
        assert_eq!(
            t.client(ip("::ffff:10.0.0.2"), &headers(&["[2001:db8::5], fd00::1"])),
            ip("2001:db8::5")
        );
    }

    #[test]
    fn missing_or_garbled_headers_fall_back_to_the_nearest_trusted_hop() {
        let t = trusted(&["10.0.0.0/24"]);
        assert_eq!(t.client(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"));
        assert_eq!(
            t.client(ip("10.0.0.2"), &headers(&["unknown, 10.0.0.3"])),
            ip("10.0.0.3")
        );
        assert_eq!(
            t.client(ip("10.0.0.2"), &headers(&["10.0.0.4, 10.0.0.3"])),
            ip("10.0.0.4")
        );
    }

    #[test]
    fn networks_parse_with_or_without_a_prefix() {
        assert_eq!(
            parse_network("10.1.2.3/8").expect("test value").to_string(),
            "10.0.0.0/8"
        );
        assert_eq!(parse_network("::1").expect("test value").to_string(), "::1/128");
        assert!(parse_network("10.0.0.0/33").is_err());
        assert!(parse_network("relay.example").is_err());
    }
}
