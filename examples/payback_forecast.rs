//! 回収期間 continued by the forecast (予測), native, for the page's e2e test to compare with: the
//! file's analysis with the default parameters, then the forecast as the page runs it (observed to
//! the analysis date), then the session's 回収期間. Prints JSON: every row's month, values,
//! 予測 values and payback.
//!
//! `cargo run --release --example payback_forecast -- build/sample.csv [CPA]`

use ltv::analysis::AnalysisParams;
use ltv::import::{import_bytes, ImportOptions};
use ltv::session::{ForecastRequest, Session};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: payback_forecast FILE [CPA]")?;
    let params = AnalysisParams {
        acquisition_cost: args.next().map(|s| s.parse()).transpose()?,
        ..Default::default()
    };
    let mut session = Session::new(import_bytes(&std::fs::read(path)?, &ImportOptions::default())?);
    let a = session.analyze(&params)?;
    let request =
        ForecastRequest { observation_end: Some(a.analysis_date.clone()), ..Default::default() };
    let f = session.forecast(request)?;
    eprintln!("model {:?}, observed to {}", f.model, f.observation_end);
    let started = std::time::Instant::now();
    let payback = session.payback()?;
    eprintln!("回収期間 with 予測: {:.2} s", started.elapsed().as_secs_f64());
    println!("{}", serde_json::to_string_pretty(&payback)?);
    Ok(())
}
