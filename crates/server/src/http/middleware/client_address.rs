//! Who is asking: the client's address, from the connection or, behind a trusted reverse
//! proxy, from the header the proxy sets. Rate limits and sign-in budgets key on it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The client's address, as the request's extensions carry it for handlers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

#[derive(Clone)]
pub struct Resolver {
    header: Option<HeaderName>,
    trusted: Arc<[IpNet]>,
}

impl Resolver {
    pub fn new(header: Option<HeaderName>, trusted: &[IpNet]) -> Resolver {
        Resolver {
            header,
            trusted: trusted.into(),
        }
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        self.trusted.iter().any(|net| net.contains(&address))
    }

    /// The peer, unless the peer is a trusted proxy and the header names someone else.
    ///
    /// Each proxy appends the address it got the request from to `X-Forwarded-For`, so
    /// only the entries on the right were written by proxies we trust; whatever a client
    /// put on the left is theirs to make up. Reading from the right, the first address
    /// that is not a trusted proxy is the client.
    pub fn resolve(&self, headers: &HeaderMap, peer: Option<IpAddr>) -> Option<IpAddr> {
        let peer = peer?;
        let Some(name) = &self.header else {
            return Some(peer);
        };
        if !self.is_trusted(peer) {
            return Some(peer);
        }
        let mut chain: Vec<IpAddr> = Vec::new();
        for value in headers.get_all(name) {
            // Entry by entry, as bytes: a client's unreadable entry on the left must not
            // hide the one the proxy appended on the right.
            for entry in value.as_bytes().split(|b| *b == b',') {
                match std::str::from_utf8(entry).ok().and_then(parse_entry) {
                    Some(address) => chain.push(address),
                    // A hop we cannot read: nothing to its left can be trusted either.
                    None => chain.clear(),
                }
            }
        }
        let mut client = peer;
        for address in chain.into_iter().rev() {
            client = address;
            if !self.is_trusted(address) {
                break;
            }
        }
        Some(client)
    }
}

/// One hop of `X-Forwarded-For` or `X-Real-IP`: an address, with a port or in brackets
/// as some proxies write it.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|inner| inner.parse().ok())
        })
}

/// Puts [`ClientAddr`] into the request for the layers and handlers after it.
pub async fn attach(
    State(resolver): State<Resolver>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(client) = resolver.resolve(request.headers(), peer) {
        request.extensions_mut().insert(ClientAddr(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn resolver(trusted: &[&str]) -> Resolver {
        let nets: Vec<IpNet> = trusted.iter().filter_map(|t| t.parse().ok()).collect();
        Resolver::new(Some(HeaderName::from_static("x-forwarded-for")), &nets)
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert("x-forwarded-for", value);
        }
        headers
    }

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    #[test]
    fn the_client_is_the_first_untrusted_hop_from_the_right() {
        let r = resolver(&["127.0.0.0/8", "10.0.0.0/8"]);
        let peer = ip("127.0.0.1");
        assert_eq!(
            r.resolve(&forwarded("203.0.113.7"), peer),
            ip("203.0.113.7")
        );
        // A made-up entry on the left changes nothing.
        assert_eq!(
            r.resolve(&forwarded("1.2.3.4, 203.0.113.7, 10.0.0.2"), peer),
            ip("203.0.113.7")
        );
        // Only trusted hops: the leftmost is as far as we can see.
        assert_eq!(
            r.resolve(&forwarded("10.0.0.9, 10.0.0.2"), peer),
            ip("10.0.0.9")
        );
        // A hop we cannot read hides everything to its left.
        assert_eq!(
            r.resolve(&forwarded("1.2.3.4, garbage, 203.0.113.7"), peer),
            ip("203.0.113.7")
        );
        // Bytes that are not text on the left do not hide the proxy's entry.
        let mut odd = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_bytes(b"\xc3\xa9, 203.0.113.7") {
            odd.insert("x-forwarded-for", value);
        }
        assert_eq!(r.resolve(&odd, peer), ip("203.0.113.7"));
        assert_eq!(
            r.resolve(&forwarded("[2001:db8::1]:443"), peer),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_is_the_client_whatever_it_claims() {
        let r = resolver(&["127.0.0.0/8"]);
        assert_eq!(
            r.resolve(&forwarded("203.0.113.7"), ip("198.51.100.1")),
            ip("198.51.100.1")
        );
    }
}
