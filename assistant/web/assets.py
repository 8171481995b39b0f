"""The web app's look: theme, CSS and the small script the page needs; no external fonts or files."""

from __future__ import annotations

import gradio as gr


def theme() -> gr.themes.Base:
    system = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
    return gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        neutral_hue=gr.themes.colors.slate,
        font=system,  # local fonts only: no request to Google Fonts
        font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"],
    ).set(
        button_primary_background_fill="#14335c",
        button_primary_background_fill_hover="#0e2544",
        button_primary_text_color="#ffffff",
        button_primary_border_color="#14335c",
    )


CSS = """
.gradio-container { max-width: 1180px !important; margin: 0 auto !important; }
.topbar { background: #14335c; color: #fff; padding: 18px 24px; border-radius: 10px; }
.topbar h1 { color: #fff; margin: 0; font-size: 1.7rem; line-height: 1.25; }
.topbar p { color: #e6edf7; margin: 6px 0 0; font-size: 1rem; }
.ai-oplysning { background: #eef4fb; color: #14263d; border: 1px solid #a9c1e0;
  border-left: 6px solid #14335c; padding: 10px 14px; border-radius: 8px; font-size: .95rem; margin: 0; }
.ai-oplysning strong { color: #14263d; }
.sidehoved h2 { font-size: 1.35rem; margin: 4px 0; color: inherit; }
.svar, .afvisning, .fejl { color: #1a1a1a; line-height: 1.55; }
.svartekst { margin: 0 0 10px; font-size: 1.02rem; }
.kortsvar { margin: 0 0 6px; font-size: 1.15rem; }
.ref { display: inline-block; background: #14335c; color: #fff; border-radius: 4px; padding: 0 5px;
  font-size: .8em; font-weight: 600; line-height: 1.5; }
.kilder-overskrift { font-size: .95rem !important; margin: 12px 0 6px !important; color: #2b3a4e !important; }
ol.kilder, ul.kilder { list-style: none; padding: 0 !important; margin: 0; display: grid; gap: 10px; }
.kort { background: #fff; color: #1a1a1a; border: 1px solid #c5cfdc; border-radius: 8px; padding: 10px 14px; }
.kort.muligvis { background: #fbfaf7; border-style: dashed; }
.kort-titel { margin: 0 0 2px !important; color: #1a1a1a; }
.nr { color: #14335c; font-weight: 700; margin-right: 4px; }
.meta { margin: 0 0 6px !important; color: #4a5563; font-size: .88rem;
  display: flex; flex-wrap: wrap; gap: 4px 14px; }
.passage { margin: 6px 0 8px !important; padding: 8px 12px !important;
  border-left: 4px solid #c5cfdc !important; background: #f6f8fb; color: #1a1a1a;
  white-space: pre-wrap; font-style: normal; }
mark { background: #ffe27a; color: #111; text-decoration: underline 2px #8a6500; text-underline-offset: 3px; }
.vis-brev, .luk-brev { background: #fff; color: #14335c; border: 1px solid #14335c; border-radius: 6px;
  padding: 4px 12px; font-weight: 600; cursor: pointer; }
.vis-brev:hover, .luk-brev:hover { background: #14335c; color: #fff; }
.vis-brev:focus-visible, .luk-brev:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.brev-dialog { width: min(820px, 94vw); max-height: 88vh; border: none; border-radius: 10px;
  padding: 18px 22px; background: #fff; color: #1a1a1a; box-shadow: 0 12px 40px rgba(0, 0, 0, .35); }
.brev-dialog::backdrop { background: rgba(10, 20, 40, .55); }
.dialog-hoved { display: flex; justify-content: space-between; align-items: flex-start; gap: 12px; }
.dialog-hoved h2 { font-size: 1.2rem; margin: 0 0 4px; color: #1a1a1a; }
.brevtekst { position: relative; white-space: pre-wrap; max-height: 62vh; overflow-y: auto; background: #fff;
  color: #1a1a1a; border: 1px solid #c5cfdc; border-radius: 6px; padding: 12px 16px; line-height: 1.6;
  font-family: Georgia, 'Times New Roman', serif; font-size: 1rem; }
.brevtekst:focus-visible { outline: 3px solid #f0b400; }
.afvisning { border-left: 6px solid #a15c00; background: #fff8ec; padding: 10px 14px; border-radius: 6px; }
.afvisning-maerke { display: inline-block; margin: 0 0 6px !important; background: #7a4500; color: #fff;
  padding: 1px 10px; border-radius: 999px; font-size: .85rem; font-weight: 700; }
.kontakt { background: #fff; color: #1a1a1a; border: 1px solid #e2c48f; border-radius: 6px;
  padding: 8px 12px; }
.fejl { border-left: 6px solid #b3261e; background: #fdeceb; padding: 10px 14px; border-radius: 6px; }
.travlt { color: #1a1a1a; border-left: 6px solid #14335c; background: #eef4fb; padding: 10px 14px;
  border-radius: 6px; }
/* A busy answer is given at the join through Gradio's cache hook (busy.py); Gradio would label it
   "from cache" in English. Nothing else here is cached. */
.cache-indicator { display: none !important; }
.brevpanel { background: #fff; color: #1a1a1a; }
.brevpanel h3 { margin: 0 0 4px; color: #1a1a1a; }
.brevpanel .brevtekst { max-height: 460px; }
.fakta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0;
  font-size: .9rem; }
.fakta dt { font-weight: 600; color: #2b3a4e; } .fakta dd { margin: 0; overflow-wrap: anywhere; }
.tabel-boks { max-height: 420px; overflow: auto; }
.tabel { border-collapse: collapse; width: 100%; font-size: .9rem; background: #fff; color: #1a1a1a; }
.tabel caption { text-align: left; font-weight: 700; padding: 4px 0; color: inherit; }
.tabel th, .tabel td { border: 1px solid #c5cfdc; padding: 4px 8px; text-align: left; vertical-align: top; }
.tabel th { background: #eef2f7; color: #1a1a1a; }
.brevoversigt { border: 1px solid #c5cfdc; border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.brevoversigt summary { font-weight: 700; cursor: pointer; }
.tom { color: #4a5563; font-style: italic; }
footer, footer button, footer a, .show-api { color: #4a5563 !important; }
button[role="tab"][aria-selected="true"] { color: #14335c !important; font-weight: 700; }
button[role="tab"]:focus-visible { outline: 3px solid #f0b400; }
.ai-kort { margin: 0; color: #4a5563; font-size: .88rem; }
#samtale .icon-button-wrapper.top-panel { display: none !important; }  /* "Ryd samtalen" does this */
.lille-overskrift { font-size: 1rem; margin: 10px 0 0; color: inherit; }
"""

# WCAG 2.1 AA on the citizens' page: visible focus, 24 px targets, and a layout of its own below 640 px
# (a phone, or 200 % zoom on a laptop) so that nothing needs sideways scrolling at 320 px.
CSS += """
.kun-skaermlaeser { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.gradio-container :is(button, a, textarea, input, summary, [tabindex]):focus-visible {
  outline: 3px solid #f0b400 !important; outline-offset: 2px; }
.ref { border: none; cursor: pointer; font-family: inherit; min-width: 24px; min-height: 24px;
  vertical-align: baseline; margin: 0 1px; }
.ref:hover { background: #0e2544; text-decoration: underline; }
.vis-brev, .luk-brev { min-height: 36px; min-width: 44px; }
.svartekst, .kortsvar, .kort-titel, .meta, .passage, .brevtekst, .kontakt { overflow-wrap: anywhere; }
.sidefod { margin: 18px 0 6px; padding-top: 10px; border-top: 1px solid #c5cfdc; font-size: .95rem; }
.sidefod a { display: inline-block; min-height: 24px; padding: 3px 0; color: #14335c;
  text-decoration: underline; }
@media (max-width: 640px) {
  .topbar { padding: 12px 14px; } .topbar h1 { font-size: 1.35rem; }
  .tabs [role="tablist"] { height: auto !important; min-height: 32px; }
  .tabs [role="tablist"] button { white-space: normal; height: auto !important; min-height: 32px; }
  #samtale { height: min(620px, 72vh) !important; }
  #samtale .message-row { max-width: 100% !important; margin-left: 0 !important; margin-right: 0 !important; }
  #samtale .bubble-wrap { padding: 6px !important; }
  #samtale .message { padding: 8px !important; }
  .kort { padding: 8px 10px; } .passage { padding: 6px 8px !important; }
  #spoerg-raekke { flex-wrap: wrap !important; }
  #spoerg-raekke > :first-child { flex: 1 1 100% !important; }
  #spoerg-raekke > button { flex: 1 1 40% !important; }
  .eksempler { flex-direction: column !important; }
  .eksempler button { width: 100%; flex: 1 1 auto !important; }
  .brev-dialog { width: 100vw; max-width: 100vw; height: 100dvh; max-height: 100dvh; margin: 0;
    border-radius: 0; padding: 12px; }
  .brev-dialog[open] { display: flex; flex-direction: column; }
  .brev-dialog .brevtekst { max-height: none; flex: 1 1 auto; min-height: 0; padding: 10px; }
  .dialog-hoved { flex-wrap: wrap; }
}
"""

# Gradio scopes `css` to the content (`.contain`); the page's own side padding lies outside it.
HEAD = """<style>
@media (max-width: 640px) {
  .gradio-container .main.app { padding-left: 8px !important; padding-right: 8px !important; }
}
</style>"""

# Runs once on page load: dialogs for "Vis hele brevet", marks scrolled into view, and the chatbot's
# aria-labels (which repeat raw message HTML) removed so screen readers read the message itself.
JS = """
() => {
  document.documentElement.lang = 'da';
  // One light look for everyone: Gradio would follow the OS into dark mode, around our light cards.
  const light = () => document.body.classList.contains('dark') && document.body.classList.remove('dark');
  new MutationObserver(light).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  light();
  const center = (box) => {
    const m = box.querySelector('mark');
    if (m) box.scrollTop = Math.max(0, m.offsetTop - box.clientHeight / 3);
  };
  document.addEventListener('click', (ev) => {
    const open = ev.target.closest('button.vis-brev');
    if (open) {
      const dlg = open.parentElement.querySelector('dialog.brev-dialog');
      const h = dlg.querySelector('h2');
      if (h) dlg.setAttribute('aria-labelledby', h.id);
      dlg.showModal();
      requestAnimationFrame(() => center(dlg.querySelector('.brevtekst')));
      return;
    }
    const close = ev.target.closest('button.luk-brev');
    if (close) close.closest('dialog').close();
    const ref = ev.target.closest('#samtale [id] > .svartekst button.ref');
    const card = ref && document.getElementById(`${ref.closest('[id]').id}-k${ref.textContent.slice(1, -1)}`);
    if (card) card.focus();
  });
  // A finished answer (its message has an id) is said once in the live region, markers as "kilde n".
  let announced = null;
  const spoken = (el) => {
    if (!el) return '';
    const c = el.cloneNode(true);
    c.querySelectorAll('.ref').forEach((r) => r.replaceWith(r.getAttribute('aria-label') || r.textContent));
    return c.textContent.replace(/\\s+/g, ' ').trim();
  };
  const announce = () => {
    const region = document.getElementById('opslag');
    const done = document.querySelectorAll('#samtale :is(.svar, .afvisning)[id]');
    const last = done[done.length - 1];
    if (!region || !last || last.id === announced) return;
    announced = last.id;
    const parts = last.classList.contains('afvisning')
      ? ['Intet svar i brevene.', spoken(last.querySelector('.svartekst'))]
      : ['Svar:', spoken(last.querySelector('.kortsvar')), spoken(last.querySelector('.svartekst'))];
    const p = document.createElement('p');
    p.textContent = parts.filter(Boolean).join(' ');
    region.replaceChildren(p);  // one change per answer; a new node is read even if the text repeats
  };
  // Gradio's own English in the file upload box, its status and its error toasts (staff's QA upload).
  const DANISH = [
    [/^Drop File Here$/, 'Slip filen her'],
    [/^- or -$/, 'eller'],
    [/^Click to Upload$/, 'Klik for at vælge en fil'],
    [/^Error$/, 'Fejl'],
    [/^File\\(s\\) exceed the maximum allowed size of (.+?): (.+)$/, 'Filen $2 er for stor. Højst $1.'],
  ];
  const danish = (root) => {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const text = n.nodeValue.trim();
      const hit = text && DANISH.find(([en]) => en.test(text));
      if (hit) n.nodeValue = n.nodeValue.replace(text, text.replace(hit[0], hit[1]));
    }
  };
  const seen = new WeakSet();
  const tidy = () => {
    document.querySelectorAll('[data-testid="upload-text"], [data-testid="toast-body"], .error')
      .forEach(danish);
    document.querySelectorAll('[data-testid="bot"][aria-label], [data-testid="user"][aria-label]')
      .forEach((el) => el.removeAttribute('aria-label'));
    // The chat's role=log would read the answer chunk by chunk as it streams: #opslag speaks instead.
    document.querySelectorAll('#samtale [aria-live]:not([aria-live="off"])')
      .forEach((el) => el.setAttribute('aria-live', 'off'));
    document.querySelectorAll('button[aria-label="More tabs"]')
      .forEach((el) => el.setAttribute('aria-label', 'Flere faner'));
    document.querySelectorAll('button[aria-label="Clear"]')
      .forEach((el) => { el.setAttribute('aria-label', 'Ryd'); el.setAttribute('title', 'Ryd'); });
    document.querySelectorAll('#samtale li.kort:not([tabindex])')
      .forEach((el) => el.setAttribute('tabindex', '0'));
    // The chat's sanitizer strips aria-label from the server's HTML: name each marker again.
    document.querySelectorAll('#samtale button.ref:not([aria-label])')
      .forEach((el) => el.setAttribute('aria-label', `kilde ${el.textContent.slice(1, -1)}`));
    announce();
    document.querySelectorAll('.brevtekst').forEach((box) => {
      if (!box.hasAttribute('tabindex')) box.setAttribute('tabindex', '0');
      if (seen.has(box) || !box.closest('.brevpanel')) return;
      seen.add(box);
      requestAnimationFrame(() => center(box));
    });
  };
  new MutationObserver(tidy).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'aria-live'],
  });
  tidy();
}
"""
