//! Logs. One `init`, called once by the binary. Messages are constant; values go in fields. Every line written
//! while a request is served carries its `request_id` (the span opened by [`crate::http`]'s trace layer).
//! Never log personal data or secrets: SQL statement logging stays off (see `hipe_persistence::connect`).

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::settings::{LogFormat, LogSettings};

/// Installs the global subscriber.
///
/// # Errors
/// When the filter directive is malformed or a subscriber is already installed.
pub fn init(settings: &LogSettings) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(&settings.filter).map_err(|error| {
        anyhow::anyhow!("invalid log filter {:?} (flag --log, variable HIPE_LOG): {error}", settings.filter)
    })?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_span_events(FmtSpan::NONE).with_target(true);
    let installed = match settings.format {
        LogFormat::Text => builder.with_writer(std::io::stderr).try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .flatten_event(true)
            .with_writer(std::io::stderr)
            .try_init(),
    };
    installed.map_err(|error| anyhow::anyhow!("cannot install the log subscriber: {error}"))
}
