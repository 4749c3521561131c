//! Who is at the other end of a request, for the "from where" every event
//! records and sign-in throttling: the connecting peer, unless that peer is
//! a reverse proxy the operator trusts, in which case the address the proxy
//! says it served (the right-most `X-Forwarded-For` entry that is not a
//! trusted proxy itself). A header from anyone else is ignored, so a client
//! cannot pick the address written into the history.

use std::net::IpAddr;

use axum::http::HeaderMap;

/// The client's address.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(address) if trusted_proxies.contains(&address) => continue,
            Ok(address) => return address,
            // Garbage in the chain: trust nothing further left of it.
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append(
                "x-forwarded-for",
                value.parse().unwrap_or_else(|e| panic!("{e}")),
            );
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_direct_client_is_its_peer_whatever_it_claims() {
        let claimed = headers(&["10.9.9.9"]);
        assert_eq!(
            client_address(ip("203.0.113.7"), &claimed, &[]),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_address(ip("203.0.113.7"), &claimed, &[ip("127.0.0.1")]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_last_untrusted_hop() {
        let proxy = ip("127.0.0.1");
        // The client put a fake address first; the proxy appended the real one.
        let forwarded = headers(&["10.9.9.9, 203.0.113.7"]);
        assert_eq!(
            client_address(proxy, &forwarded, &[proxy]),
            ip("203.0.113.7")
        );
        let two_proxies = headers(&["203.0.113.7", "192.0.2.1"]);
        assert_eq!(
            client_address(proxy, &two_proxies, &[proxy, ip("192.0.2.1")]),
            ip("203.0.113.7")
        );
        assert_eq!(client_address(proxy, &headers(&[]), &[proxy]), proxy);
        assert_eq!(
            client_address(proxy, &headers(&["không phải IP"]), &[proxy]),
            proxy
        );
    }
}
