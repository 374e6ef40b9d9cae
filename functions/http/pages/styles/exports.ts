/**
 * The exports page: the start form's format choices with their hints, and the jobs table,
 * which scrolls inside its own region on a phone rather than widening the page.
 */
export const EXPORTS_CSS = `
.export-start .opt .help{display:block;margin:2px 0 0 28px;font-size:.9rem}
.exports-page .scroll{border:1px solid #b1b4b6;margin:0 0 12px}
.exports-page .scroll:focus{outline:3px solid #ffdd00;box-shadow:0 0 0 5px #0b0c0c}
table.exports{min-width:40rem}
table.exports th{background:#f3f2f1;white-space:nowrap}
table.exports td{vertical-align:top}
.exports-page .nowrap{white-space:nowrap}
.exports-page form.inline{margin:0}
.exports-page form.inline button{margin:4px 0;padding:6px 14px;width:auto}
.exports-page .download{display:inline-block;font-weight:700;padding:4px 0;margin-right:12px}
.job-status{font-weight:700}
.job-done{color:#00703c}
.job-failed{color:#d4351c}
.job-cancelled{color:#505a5f}
.job-status+.help{display:block}
`;
