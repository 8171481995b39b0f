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
  });
  const seen = new WeakSet();
  const tidy = () => {
    document.querySelectorAll('[data-testid="bot"][aria-label], [data-testid="user"][aria-label]')
      .forEach((el) => el.removeAttribute('aria-label'));
    document.querySelectorAll('.brevtekst').forEach((box) => {
      if (!box.hasAttribute('tabindex')) box.setAttribute('tabindex', '0');
      if (seen.has(box) || !box.closest('.brevpanel')) return;
      seen.add(box);
      requestAnimationFrame(() => center(box));
    });
  };
  new MutationObserver(tidy).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'],
  });
  tidy();
}
"""
