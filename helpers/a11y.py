"""Keyboard and contrast for the widgets: what ipywidgets 8 does not do by itself.

A widget box marked with :func:`mark` gets, inside it, the small output of :func:`support`: a
style sheet and a script (run by JupyterLab and Voila, whose widget outputs are trusted; the
offline pages and GitHub show the widget's fixed view instead, so they never see it). Inside
the box:

- an element with the class ``juc-keys`` (a quiz's answer list) keeps its keys: it carries
  ``data-lm-suppress-shortcuts``, the attribute Lumino's CommandRegistry stops at when it looks
  for a shortcut (JupyterLab 4.6, ``processKeydownEvent``), so the notebook's arrow-key and
  Enter shortcuts (next cell, edit the cell) do not fire there; the arrow keys choose the next
  or previous answer (ipywidgets gives its radio inputs no shared ``name``, so the browser would
  not move between them; they get one, so Tab stops once and a screen reader says "2 of 4"),
  and Enter presses the box's ``juc-enter`` button (Check);
- toggle buttons with the class ``juc-toggles`` show the chosen one in blue with white bold
  text (5:1 against the white unchosen ones, where the default is a grey 1.3:1) and say which
  is chosen to a screen reader (``aria-pressed``, kept in step with ipywidgets' ``mod-active``);
- a slider's handle is named after the slider's description (``aria-label``), which ipywidgets
  leaves unnamed.
"""

from __future__ import annotations

#: The chosen and unchosen toggle buttons (colours from helpers.style's palette and greys).
CHOSEN_BG, CHOSEN_FG, UNCHOSEN_BG, UNCHOSEN_FG, EDGE = "#0072B2", "#FFFFFF", "#FFFFFF", "#1A1A1A", "#595959"

CSS = f"""<style>
.juc-a11y .juc-toggles .widget-toggle-button {{ background: {UNCHOSEN_BG}; color: {UNCHOSEN_FG};
  border: 1px solid {EDGE}; }}
.juc-a11y .juc-toggles .widget-toggle-button.mod-active {{ background: {CHOSEN_BG}; color: {CHOSEN_FG};
  border-color: {CHOSEN_BG}; font-weight: bold; box-shadow: none; }}
.juc-a11y .juc-toggles .widget-toggle-button:focus-visible,
.juc-a11y .juc-keys input:focus-visible {{ outline: 3px solid #E69F00; outline-offset: 2px; }}
.juc-a11y .juc-support {{ margin: 0; padding: 0; min-height: 0; }}
</style>"""

SCRIPT = """<script>
(function () {
  var me = document.currentScript;
  function sync(root) {
    root.querySelectorAll('.juc-toggles .widget-toggle-button').forEach(function (b) {
      var v = b.classList.contains('mod-active') ? 'true' : 'false';
      if (b.getAttribute('aria-pressed') !== v) { b.setAttribute('aria-pressed', v); }
    });
    root.querySelectorAll('.juc-keys').forEach(function (el, n) {
      if (!el.hasAttribute('data-lm-suppress-shortcuts')) { el.setAttribute('data-lm-suppress-shortcuts', 'true'); }
      if (!el.jucName) { el.jucName = 'juc-keys-' + Math.random().toString(36).slice(2); }
      el.querySelectorAll('input[type=radio]').forEach(function (r) {
        if (r.name !== el.jucName) { r.name = el.jucName; }  /* one group: Tab stops once, a reader says "2 of 4" */
      });
    });
    root.querySelectorAll('.widget-slider').forEach(function (s) {
      var label = s.querySelector('.widget-label'), handle = s.querySelector('[role=slider]');
      var text = label ? label.textContent.replace(/:\\s*$/, '').trim() : '';
      if (handle && text && handle.getAttribute('aria-label') !== text) { handle.setAttribute('aria-label', text); }
    });
  }
  function wire(root) {
    if (root.jucA11y) { return; }
    root.jucA11y = true;
    sync(root);
    new MutationObserver(function () { sync(root); }).observe(
      root, {subtree: true, childList: true, attributes: true, attributeFilter: ['class']});
    root.addEventListener('keydown', function (e) {
      var keys = e.target.closest && e.target.closest('.juc-keys');
      if (!keys || e.ctrlKey || e.altKey || e.metaKey) { return; }
      if (e.key === 'Enter' && !e.shiftKey) {
        var go = root.querySelector('.juc-enter');
        if (go && !go.disabled) { e.preventDefault(); go.click(); }
        return;
      }
      /* the arrows choose the next or previous answer (a click, which ipywidgets listens to) */
      var step = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1}[e.key];
      if (!step || e.target.type !== 'radio') { return; }
      var radios = Array.prototype.slice.call(keys.querySelectorAll('input[type=radio]'));
      var next = radios[(radios.indexOf(e.target) + step + radios.length) % radios.length];
      e.preventDefault();
      next.focus();
      next.click();
    });
  }
  var tries = 0;
  (function find() {
    var root = me && me.closest('.juc-a11y');
    if (root) { wire(root); } else if (++tries < 200) { setTimeout(find, 50); }
  })();
})();
</script>"""


def support():
    """The Output widget that carries :data:`CSS` and :data:`SCRIPT`; put it in the marked box."""
    import ipywidgets as w

    out = w.Output(layout=w.Layout(margin="0", padding="0"))
    out.add_class("juc-support")
    out.outputs = ({"output_type": "display_data", "data": {"text/html": CSS + SCRIPT,
                                                             "text/plain": ""}, "metadata": {}},)
    return out


def mark(box, keys=(), enter=None, toggles=()):
    """Mark ``box`` (a VBox or HBox) and append :func:`support` to its children; returns the box.

    ``keys``: widgets that keep the arrow keys and Enter (a quiz's RadioButtons); ``enter``: the
    button Enter presses there; ``toggles``: ToggleButtons to show with the high-contrast chosen
    state and ``aria-pressed``.
    """
    box.add_class("juc-a11y")
    for k in keys:
        k.add_class("juc-keys")
    if enter is not None:
        enter.add_class("juc-enter")
    for t in toggles:
        t.add_class("juc-toggles")
    box.children = (*box.children, support())
    return box
