/** The inbox: a checkbox beside each item, why it is yours, and the batch's comment and buttons. */
export const INBOX_CSS = `
.vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.inbox-item{display:flex;gap:10px;align-items:flex-start}
.inbox-item .pick{flex:none;padding-top:2px}
.inbox-item .pick input{width:24px;height:24px;margin:0;accent-color:#a4161a}
.inbox-body{flex:1;min-width:0;overflow-wrap:anywhere}
.why{color:#0b0c0c;border-left:3px solid #1d4f91;padding-left:6px;margin:2px 0}
.count{font-weight:400}
.batch{margin-top:16px}
.batch-buttons{display:flex;flex-direction:column;gap:0}
.batch-buttons button{margin:10px 0 0}
button.secondary{background:#fff;color:#a4161a;border:2px solid #a4161a}
.batch-result ul{margin:6px 0;padding-left:20px}
.batch-result .error{font-weight:600}
@media (min-width:641px){.batch-buttons{flex-direction:row;gap:12px}}
`;
