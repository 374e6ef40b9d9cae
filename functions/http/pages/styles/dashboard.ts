/** The district dashboard: charts that fill the column, their tables tucked under them. */
export const DASHBOARD_CSS = `
.chart{margin:8px 0 20px;padding:0}
.chart figcaption{font-weight:600;margin:0 0 4px}
.chart-svg{display:block;width:100%;max-width:30rem;height:auto}
.chart details{margin:6px 0 0}
.chart summary{cursor:pointer;color:#1d4f91;text-decoration:underline;padding:4px 0}
.chart summary:focus{outline:3px solid #ffdd00;box-shadow:0 0 0 5px #0b0c0c}
.chart table{font-size:.9rem}
.chart thead th{white-space:normal;vertical-align:bottom;min-width:4.5em}
.chart tbody th{min-width:7em}
.empty{color:#383f43;border:1px dashed #b1b4b6;padding:12px;margin:4px 0;text-align:center}
.progress{margin:4px 0}
.progress .big{font-size:2rem;color:#1d4f91}
h3{font-size:1.05rem;margin:18px 0 4px}
.year-form{display:flex;flex-wrap:wrap;align-items:flex-end;gap:0 12px}
.year-form .field{border:0;padding:0;margin:0;flex:0 1 16rem}
.year-form .field.invalid{border-left:5px solid #d4351c;padding-left:10px}
.year-form button{width:auto;margin:8px 0;padding:8px 20px}
`;
