/** The record/review page: facts, the data as label/value pairs, the diff, the timeline, the action forms. */
export const REVIEW_CSS = `
.facts th{width:40%}
.hint{color:#505a5f;font-weight:400;font-size:.9em}
.links{display:flex;flex-wrap:wrap;gap:8px 20px}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:0;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.data{margin:0 0 12px}
.data>div{border-bottom:1px solid #b1b4b6;padding:6px 0}
.data dt{font-weight:600;color:#383f43}
.data dd{margin:2px 0 0;overflow-wrap:anywhere}
.data .text,.comment{white-space:pre-wrap;overflow-wrap:anywhere}
.data-section h3{font-size:1.05rem;margin:16px 0 4px}
.none{color:#505a5f}
.files{margin:0;padding-left:1.2em}
.files .meta{display:inline;margin-left:6px}
.scroll{max-width:100%;margin:4px 0 8px}
.scroll:focus{outline:3px solid #ffdd00}
table.grid{width:auto;min-width:100%}
table.grid th,table.grid td{white-space:nowrap;padding:6px 8px}
table.grid td .text{white-space:pre-wrap;min-width:12rem}
.nowrap{white-space:nowrap}
.diff{list-style:none;padding:0;margin:0}
.diff li{border-left:4px solid #1d4f91;padding:6px 10px;margin:6px 0;background:#f3f6fb}
.diff-field{display:block;font-weight:600}
.diff-values{display:block;overflow-wrap:anywhere}
.diff del{color:#942514;text-decoration:line-through}
.diff ins{color:#00703c;text-decoration:none;font-weight:600}
.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #b1b4b6}
.timeline li{position:relative;padding:4px 0 12px 16px}
.timeline li::before{content:"";position:absolute;left:-8px;top:10px;width:13px;height:13px;border-radius:50%;background:#a4161a}
.timeline .comment{margin:4px 0;padding:6px 10px;background:#f4f1ec}
.act{border:2px solid #a4161a;border-radius:6px;padding:4px 12px 8px;margin:16px 0}
.act h2{margin-top:8px}
.action{border-top:1px solid #b1b4b6;padding-top:8px;margin:8px 0}
.action-list>.action:first-child{border-top:0}
.edits{border-top:0}
.buttons{display:flex;flex-wrap:wrap;gap:0 12px}
.buttons button{margin:8px 0}
button.secondary{background:#fff;color:#a4161a;border:2px solid #a4161a}
button.secondary.danger{color:#942514;border-color:#942514}
.more summary{cursor:pointer;font-weight:600;color:#1d4f91;padding:8px 0}
.more summary:focus{outline:3px solid #ffdd00}
.rows{padding:8px}
.row-edit{border:1px solid #b1b4b6;border-radius:4px;padding:6px 10px;margin:0 0 10px}
.row-edit h4{margin:4px 0}
.rescore-item{border-top:1px solid #b1b4b6;padding:8px 0}
.rescore-item.invalid{border-left:5px solid #d4351c;padding-left:8px}
.rescore input.score{width:6rem}
input[type=date]{font:inherit;padding:6px;border:2px solid #0b0c0c}
.rescore-item .label{font-weight:600}
@media (min-width:641px){.rescore-item{display:grid;grid-template-columns:1fr 1fr;gap:16px}.data>div{display:grid;grid-template-columns:14rem 1fr;gap:12px}.data>div.wide{display:block}.buttons button{width:auto}}
`;
