//! The operator's view (issue 18 item 5), through the real server: request ids, the
//! connection limits, a graceful stop.

mod limits;
mod load_short;
mod metrics;
mod request_id;
mod stop;
