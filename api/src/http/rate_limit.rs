//! The per-partner rate limit: a token bucket per client id, in this process's memory.
//!
//! Each bucket holds at most `burst` tokens and refills at `rate` tokens a second; a request takes one. Over the
//! limit, the answer is HTTP 429 with `Retry-After` (whole seconds until a token is back) — see `http::graphql`.
//! Per process by design (no shared store to reach on every request): N replicas behind a load balancer let a
//! partner send up to N times the configured rate, so set it to the total you accept divided by the replicas.
//! Buckets exist only for clients whose signed token was verified, so strangers cannot grow the map.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hipe_domain::partner::ClientId;

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Token buckets, one per partner client.
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<ClientId, Bucket>>,
}

impl RateLimiter {
    /// `rate` requests a second sustained, `burst` at once. `rate` must be positive (settings check it).
    pub fn new(rate: f64, burst: u32) -> Self {
        Self { rate: rate.max(f64::MIN_POSITIVE), burst: f64::from(burst.max(1)), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes a token from `client`'s bucket at `now`, or says how long to wait for one.
    ///
    /// # Errors
    /// The delay after which a request would be accepted.
    pub fn check(&self, client: &ClientId, now: Instant) -> Result<(), Duration> {
        let Ok(mut buckets) = self.buckets.lock() else {
            // A poisoned lock means a panic elsewhere; limiting nobody is better than refusing everybody.
            return Ok(());
        };
        let bucket = buckets.entry(client.clone()).or_insert(Bucket { tokens: self.burst, updated: now });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = elapsed.mul_add(self.rate, bucket.tokens).min(self.burst);
        bucket.updated = now.max(bucket.updated);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate))
        }
    }
}

/// The `Retry-After` value for a wait: whole seconds, rounded up, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use hipe_domain::partner::ClientId;

    use super::{RateLimiter, retry_after_secs};

    #[test]
    fn a_burst_passes_then_the_rate_refills_the_bucket() {
        let limiter = RateLimiter::new(2.0, 3);
        let (a, b) = (ClientId::parse("prt_a").expect("id"), ClientId::parse("prt_b").expect("id"));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check(&a, t0).is_ok());
        }
        let wait = limiter.check(&a, t0).expect_err("bucket empty");
        assert_eq!(wait, Duration::from_millis(500));
        assert!(limiter.check(&b, t0).is_ok(), "each client has its own bucket");
        assert!(limiter.check(&a, t0 + Duration::from_millis(500)).is_ok(), "one token back after 1/rate");
        assert!(limiter.check(&a, t0 + Duration::from_millis(500)).is_err(), "and only one");
        // A long pause refills at most `burst` tokens.
        let later = t0 + Duration::from_secs(3_600);
        for _ in 0..3 {
            assert!(limiter.check(&a, later).is_ok());
        }
        assert!(limiter.check(&a, later).is_err());
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(2)), 2);
        assert_eq!(retry_after_secs(Duration::from_millis(2_001)), 3);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }
}
