//! How to read this report: the people are synthetic, what the counts mean, what is calibrated,
//! and the sources of the record.

use super::*;

/// Draws the closing section.
pub(super) fn render(page: &mut Page, inputs: &Inputs) {
    page.section("methods", "How to read this report", "");
    let scale = inputs
        .run
        .as_ref()
        .or(inputs.ensemble.as_ref())
        .and_then(|r| r.get("scale"))
        .and_then(Value::as_f64);
    let scale_note = match scale {
        Some(s) => format!(
            "This {} simulated {} of the population: each simulated ordinary person stands for {} real people.",
            if inputs.run.is_some() {
                "run"
            } else {
                "ensemble"
            },
            pct(s),
            count(1.0 / s)
        ),
        None => String::new(),
    };
    let _ = write!(
        page.body,
        "<div class=\"note\">\
<p><strong>The people are synthetic.</strong> chistka generates its population from the aggregate \
structure of the 1937 census (regions, town and village, sex, age, social category, nationality, \
party membership). No person in this model, and no record it writes, describes a real person. The \
elite layer (Central Committee, Congress delegates, first secretaries, senior army ranks) has the \
real group sizes, but its members are not the historical individuals.</p>\
<p><strong>Counts are full-scale equivalents.</strong> {scale_note} Elite people count one each. \
The headline counts are rounded to three significant figures, which is what a sample resolves; \
tables show the model's figures as written.</p>\
<p><strong>What is calibrated, and what is not.</strong> Every parameter has a source or is marked \
as an assumption in the scenario file. The assumptions that set the figures of the archival \
target set (<code>data/targets_archival.csv</code>: convictions 1935-40, executions and arrests of \
1937-38, order 00447, the national operations, the party 1934-41, the camps 1935-37) were fitted to \
it with <code>chistka calibrate</code> (docs/calibration.md). Only those figures are headlines. \
Figures marked <span class=\"badge\">not calibrated</span> have no fitted target: the elite and the \
military, capacity indices, deaths in custody, and the camp population after 1937 (the record used \
stops at 1 January 1937 on purpose, so that the later years are a forecast).</p>\
<p><strong>Sources of the record.</strong></p><ul>\
<li>Arrests by year: MVD certificate of December 1953 (standard literature value); 1937-38 totals: \
rehabilitation commission, Getty &amp; Naumov, <em>The Road to Terror</em> (1999).</li>\
<li>Convictions, executions, camp and exile sentences: Popov 1992; Getty, Rittersporn &amp; Zemskov, \
\"Victims of the Soviet Penal System in the Pre-war Years\", <em>American Historical Review</em> 98(4), 1993.</li>\
<li>Camp population: Zemskov, <em>GULAG</em> (1991); GARF f.9414.</li>\
<li>Party membership: Rigby, <em>Communist Party Membership in the USSR 1917-1967</em> (1968).</li>\
<li>Mass operations: Werth, \"The NKVD Mass Secret Operation no. 00447\"; Jansen &amp; Petrov, \
<em>Stalin's Loyal Executioner</em> (2002).</li>\
<li>Elite and army: Khrushchev's secret speech (1956); Conquest, <em>The Great Terror</em> (1990 ed.).</li>\
</ul>\
<p>The archival series are the NKVD's own bookkeeping: they leave out deaths under interrogation and \
in transit and most deportations, and several historians argue they undercount. Older estimates (at \
least 6 million arrested, 1 to 2 million executed or never returned) come from a broader literature.</p>\
</div>"
    );
}
