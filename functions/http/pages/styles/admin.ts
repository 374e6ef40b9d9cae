/** The admin pages: the organisation tree, breadcrumbs, the form preview, lists of changes, quieter buttons. */
export const ADMIN_CSS = `
.crumbs ol{list-style:none;margin:0 0 8px;padding:0;display:flex;flex-wrap:wrap;gap:4px;font-size:.92rem}
.crumbs li+li::before{content:"›";margin-right:4px;color:#505a5f}
.tree,.tree ul{list-style:none;margin:0;padding:0}
.tree ul{margin-left:12px;padding-left:12px;border-left:2px solid #b1b4b6}
.tree li{padding:6px 0}
.tree a{font-weight:700}
code{font-family:"Courier New",monospace;font-size:.9em;overflow-wrap:anywhere}
.code-text{font-family:"Courier New",monospace;font-size:.85rem;min-height:12rem}
input[type=file],input[type=month]{font:inherit;max-width:100%}
input[type=month]{padding:6px;border:2px solid #0b0c0c}
button.secondary{background:#f3f2f1;color:#0b0c0c;border:2px solid #0b0c0c}
button.warning{background:#d4351c}
.facts th{width:35%}
.changes{list-style:none;padding:0}
.changes li{border-left:4px solid #1d4f91;padding:4px 10px;margin:6px 0;background:#f6f8fb}
.changes .change-added{border-color:#00703c}
.changes .change-removed{border-color:#d4351c}
.changes code{margin-right:6px}
.form-preview{border:2px dashed #b1b4b6;padding:8px 12px;margin:8px 0}
.form-preview>fieldset{border:0;padding:0;margin:0}
.inline-form{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.inline-form button{margin:0}
`;
