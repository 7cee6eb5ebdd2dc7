"""Renderers: terminal views and file formats; they read records (``glossa.records``) only.

An output format is one entry of ``formats.FORMATS``."""

import re

# C0 controls, DEL and C1 controls: an ESC in a glossary string could retitle the window or
# repaint the terminal; each is shown as one visible character, so offsets stay the same.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """The text with every control character replaced by a visible one character sign
    (its Unicode control picture, ␛ for ESC; ␡ for DEL; � for a C1 control)."""
    def sign(m: re.Match) -> str:
        code = ord(m.group())
        return chr(0x2400 + code) if code < 0x20 else "␡" if code == 0x7f else "\ufffd"
    return CONTROL.sub(sign, text)


def cell(text) -> str:
    """A user string for a rich table cell or title: controls made visible, markup escaped."""
    from rich.markup import escape

    return escape(visible(str(text)))


def note(d) -> str:
    """What a review says beside a decision's span: the action and why, or the form kept."""
    if d.action == "kept":
        return f"⟨kept: {d.form}⟩" if d.form and d.form != "exact" else ""
    said = f"⟨{d.action.replace('_', ' ')}: {d.method or 'no span'}"
    if d.action in ("flagged", "would_replace", "suggested"):
        said += f" → {d.term.target}"
    return said + (f"; {d.why}" if d.why else "") + "⟩"


def proposed(d, final: str) -> str:
    """A flagged decision's proposal as a reviewer reads it: the sentence it would give when
    it rewrites the whole sentence, else the words it would write at the span; "" when none."""
    if d.proposal is None:
        return ""
    if d.proposal.span == (0, len(final)):
        return d.proposal.text
    return f"{final[d.proposal.span[0]:d.proposal.span[1]]} → {d.proposal.text}"
