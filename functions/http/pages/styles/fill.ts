/** The forms list and the fill page: sections, group rows, files, computed values, the route preview. */
export const FILL_CSS = `
.vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);border:0;white-space:nowrap}
.form-list{list-style:none;padding:0;margin:0}
.form-list li{border-bottom:1px solid #b1b4b6;padding:8px 0}
.form-list h2{border:0;margin:8px 0 4px}
.form-list button{margin:8px 0}
.fill [hidden]{display:none}
.form-section{margin:0 0 8px}
input.short{max-width:16rem}
.code-input{font-family:"Courier New",monospace;letter-spacing:1px;text-transform:uppercase;max-width:20rem}
.money{display:flex;align-items:center;gap:8px;max-width:20rem}
.money input{flex:1;min-width:0;text-align:right;font-variant-numeric:tabular-nums}
.unit{white-space:nowrap;font-weight:600}
.readonly .value{margin:4px 0;font-weight:600}
.statement{background:#f4f1ec;padding:8px;margin:4px 0}
.score .sub,.files{margin:8px 0}
.files{border-style:dashed}
/* A fieldset is as wide as its widest content by default; a file input inside a score item pushed a phone's page sideways. */
.fill fieldset{min-width:0}
.fill input[type=file]{max-width:100%}
.file-list{list-style:none;padding:0;margin:4px 0}
.file-list li{padding:4px 0;border-bottom:1px solid #f0f0f0;overflow-wrap:anywhere}
progress.upload{display:block;width:100%;height:12px;margin:6px 0}
.group .rows{display:flex;flex-direction:column;gap:8px}
.row{border:1px solid #b1b4b6;border-left:4px solid #1d4f91;border-radius:4px;padding:8px;margin:0}
.row legend{font-weight:600}
.row .field{border:0;padding:0;margin:0 0 8px}
button.secondary{background:#fff;color:#1d4f91;border:2px solid #1d4f91}
button.secondary .en,button.secondary .zh{color:inherit}
button.link{display:inline;width:auto;margin:0 0 0 8px;padding:0 4px;background:none;border:0;color:#1d4f91;text-decoration:underline;font-weight:600}
.computed dl{margin:0;display:grid;grid-template-columns:1fr;gap:0}
.computed .pair{display:flex;justify-content:space-between;gap:12px;border-bottom:1px solid #b1b4b6;padding:6px 0}
.computed dt{margin:0}
.computed dd{margin:0;font-weight:700;white-space:nowrap;font-variant-numeric:tabular-nums}
.route{background:#f3f7fb;border-left:4px solid #1d4f91;padding:4px 12px 8px;margin:16px 0}
.route h2{border:0}
.steps{margin:0;padding-left:1.4rem}
.steps li{padding:4px 0}
.returned{border:4px solid #d98e04;background:#fff8e6;padding:8px 12px;margin:12px 0}
.returned h2{border:0;margin:0 0 4px}
.comment{margin:8px 0;padding:8px 12px;background:#fff;border-left:4px solid #505a5f;white-space:pre-wrap}
.actions{border-top:2px solid #a4161a;margin-top:16px;padding-top:8px}
@media (min-width:641px){
.row .cells{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 12px}
.actions button{display:inline-block;margin-right:12px}
.computed dl{grid-template-columns:1fr 1fr;column-gap:24px}
}
`;
