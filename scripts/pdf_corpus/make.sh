#!/usr/bin/env bash
# Builds the PDF test corpus crates/newsmap-ingest/tests/fixtures/pdf/ from our own texts in scripts/pdf_corpus/texts/,
# each PDF made by a real producer, plus crates/newsmap-ingest/tests/fixtures/pdf/MANIFEST.tsv (file, producer,
# source text, notes) so that extracted words can be compared with the source text.
#
# Installs nothing. Debian (12) packages it uses; a producer whose tool is missing is skipped:
#   groff                     groff -Tpdf (gropdf) and -Tps, preconv, afmtodit
#   ghostscript               ps2pdf; also brings fonts-urw-base35 (Cyrillic for groff)
#   enscript                  enscript (PostScript, then ps2pdf)
#   libreoffice-writer-nogui  libreoffice --headless --convert-to pdf (or libreoffice-writer)
#   pango1.0-tools            pango-view (cairo's PDF backend)
#   chromium                  chromium --headless --print-to-pdf (Skia's PDF backend)
#   texlive-latex-base        pdflatex
#   fonts-dejavu-core         a font with Cyrillic for LibreOffice, pango and Chromium
#   fonts-liberation2         (optional) LibreOffice's default fonts; else it substitutes
#   python3                   stdlib only: text to ms/html/tex/fodt, and the hand-written PDF
# e.g. apt-get install -y --no-install-recommends groff ghostscript enscript \
#        libreoffice-writer-nogui pango1.0-tools chromium texlive-latex-base fonts-dejavu-core
#
# Usage: scripts/pdf_corpus/make.sh   (from anywhere; deletes crates/newsmap-ingest/tests/fixtures/pdf/*.pdf, then
# remakes them and MANIFEST.tsv). LibreOffice and Chromium write dates and IDs: not byte-stable.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TXT="$HERE/texts"
OUT="$ROOT/crates/newsmap-ingest/tests/fixtures/pdf"
REL_TXT="scripts/pdf_corpus/texts"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
# Fixed dates where the producer honours it (groff, Ghostscript, pdfTeX).
export SOURCE_DATE_EPOCH=1700000000 FORCE_SOURCE_DATE=1
export LC_ALL=C.UTF-8

have() { command -v "$1" >/dev/null 2>&1; }
MANIFEST="$TMP/manifest.tsv"
printf 'file\tproducer\tsource\tnotes\n' > "$MANIFEST"
# add FILE PRODUCER SOURCE-TXT NOTES: record a PDF that was made.
add() {
    if [[ -s "$OUT/$1" ]]; then
        printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$REL_TXT/$3" "$4" >> "$MANIFEST"
        echo "made $1 ($(stat -c %s "$OUT/$1") bytes)"
    else
        rm -f "$OUT/$1"
        echo "FAILED $1" >&2
    fi
}
skip() { echo "skipped: $1" >&2; }

# --- text converters and the hand-written PDF (python3, stdlib only) ---------------------
cat > "$TMP/conv.py" <<'PY'
import html, sys, textwrap

def paras(path):
    text = open(path, encoding="utf-8").read().strip()
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    return blocks[0], blocks[1:]          # headline, paragraphs

def ms(path, twocol):
    head, body = paras(path)
    esc = lambda s: s.replace("\\", "\\e")
    out = [".SH", esc(head)]
    if twocol:
        out.append(".2C")
    for p in body:
        out += [".PP", esc(p)]
    return "\n".join(out) + "\n"

def page_html(path, twocol):
    head, body = paras(path)
    cols = "column-count: 2; column-gap: 2em;" if twocol else ""
    lang = "uk" if any("\u0400" <= c <= "\u04ff" for c in head) else "en"
    ps = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(head)}</title>
<style>body {{ font-family: 'DejaVu Serif', serif; font-size: 11pt; margin: 2cm; }}
.body {{ {cols} text-align: justify; hyphens: auto; }}</style></head>
<body><h1>{html.escape(head)}</h1><div class="body">
{ps}
</div></body></html>
"""

def tex(path, twocol, tounicode):
    head, body = paras(path)
    def esc(s):
        for a, b in [("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"),
                     ("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}")]:
            s = s.replace(a, b)
        # "quoted" -> ``quoted''
        parts = s.split('"')
        s = parts[0] + "".join(("``" if i % 2 else "''") + t for i, t in enumerate(parts[1:], 1))
        return s.replace(" - ", " -- ")
    # TeX Live 2022's pdftexconfig already turns ToUnicode on; off = pre-2021 (and many
    # arXiv) PDFs, where only the glyph names tell "fi" from "f","i".
    pre = "\\input glyphtounicode\n\\pdfgentounicode=1\n" if tounicode else "\\pdfgentounicode=0\n"
    opt = "[twocolumn]" if twocol else ""
    body = "\n\n".join(esc(p) for p in body)
    return f"""\\documentclass{opt}{{article}}
{pre}\\pdfcompresslevel=9
\\begin{{document}}
\\section*{{{esc(head)}}}
{body}
\\end{{document}}
"""

def fodt(path, twocol):
    head, body = paras(path)
    e = lambda s: html.escape(s, quote=False)
    cols = '<style:columns fo:column-count="2" fo:column-gap="0.8cm"/>' if twocol else ""
    ps = "\n".join(f'<text:p text:style-name="P1">{e(p)}</text:p>' for p in body)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
 <style:style style:name="Sect1" style:family="section">
  <style:section-properties>{cols}</style:section-properties>
 </style:style>
 <style:style style:name="P1" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.2cm"/>
  <style:text-properties fo:font-family="'DejaVu Serif'" fo:font-size="10.5pt"/>
 </style:style>
 <style:style style:name="H1" style:family="paragraph">
  <style:text-properties fo:font-family="'DejaVu Sans'" fo:font-size="15pt" fo:font-weight="bold"/>
 </style:style>
</office:automatic-styles>
<office:body><office:text>
<text:h text:style-name="H1" text:outline-level="1">{e(head)}</text:h>
<text:section text:style-name="Sect1" text:name="Body">
{ps}
</text:section>
</office:text></office:body></office:document>
"""

def pdfstr(s):
    b = s.encode("cp1252")                 # WinAnsiEncoding
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

def handpdf(path, out):
    """Uncompressed PDF, Helvetica + Helvetica-Bold (standard 14, not embedded, WinAnsi),
    the first line with Tj, the next lines with ' (next line, show) and every fourth with
    " (set word/char spacing, next line, show); a paragraph break is an empty ' ."""
    head, body = paras(path)
    lines = []
    for p in body:
        lines += textwrap.wrap(p, 84) + [""]
    per_page, pages, cur = 44, [], []
    for l in lines:
        cur.append(l)
        if len(cur) == per_page:
            pages.append(cur); cur = []
    if cur:
        pages.append(cur)
    streams = []
    for i, pl in enumerate(pages):
        ops = [b"BT", b"14 TL", b"72 720 Td"]
        if i == 0:
            ops += [b"/F2 14 Tf", pdfstr(head) + b" Tj", b"/F1 11 Tf", b"() '"]
        else:
            ops += [b"/F1 11 Tf"]
        for j, l in enumerate(pl):
            if j % 4 == 3:
                ops.append(b"0.3 0 " + pdfstr(l) + b' "')
            else:
                ops.append(pdfstr(l) + b" '")
        ops.append(b"ET")
        streams.append(b"\n".join(ops) + b"\n")
    n = len(pages)
    # objects: 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then (page, content) pairs
    objs = {}
    kids = " ".join(f"{6 + 2 * i} 0 R" for i in range(n))
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objs[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    objs[5] = b"<< /Title " + pdfstr(head) + b" /Producer (newsmap make.sh handpdf) /CreationDate (D:20231114221320Z) >>"
    for i, s in enumerate(streams):
        objs[6 + 2 * i] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                           f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                           f"/Contents {7 + 2 * i} 0 R >>").encode()
        objs[7 + 2 * i] = b"<< /Length %d >>\nstream\n" % len(s) + s + b"endstream"
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = {}
    for k in sorted(objs):
        offs[k] = len(data)
        data += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref = len(data)
    size = max(objs) + 1
    data += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for k in range(1, size):
        data += b"%010d 00000 n \n" % offs[k]
    data += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    open(out, "wb").write(data)

mode, src = sys.argv[1], sys.argv[2]
opts = sys.argv[3:]
if mode == "handpdf":
    handpdf(src, opts[0])
else:
    f = {"ms": lambda: ms(src, "2c" in opts), "html": lambda: page_html(src, "2c" in opts),
         "tex": lambda: tex(src, "2c" in opts, "tounicode" in opts),
         "fodt": lambda: fodt(src, "2c" in opts)}[mode]
    sys.stdout.write(f())
PY
conv() { python3 "$TMP/conv.py" "$@"; }

EN="en_ligatures.txt"; UK="uk_cyrillic.txt"; COL="en_columns.txt"
rm -f "$OUT"/*.pdf

# --- groff (gropdf) ---------------------------------------------------------------------
if have groff; then
    conv ms "$TXT/$EN" > "$TMP/en.ms"
    conv ms "$TXT/$COL" 2c > "$TMP/col.ms"
    groff -ms -Tpdf "$TMP/en.ms" > "$OUT/groff_en.pdf" 2>/dev/null || true
    add groff_en.pdf "groff 1.22 -ms -Tpdf (gropdf)" "$EN" "Times base-14 not embedded, ToUnicode, resources on /Pages; fi/ffi ligature glyphs; hyphenation"
    groff -ms -Tpdf "$TMP/col.ms" > "$OUT/groff_2col.pdf" 2>/dev/null || true
    add groff_2col.pdf "groff -ms -Tpdf (gropdf)" "$COL" "two columns (.2C); hyphenation on"
    # Cyrillic: the default devpdf Times has no Cyrillic glyphs, but the URW Nimbus Roman
    # shipped with Ghostscript has them; make groff font descriptions for it (afmtodit) in a
    # private font dir that overrides TR/TB/TI. '*' in 'download' = not embedded (size).
    URW=/usr/share/fonts/type1/urw-base35
    GDIR=/usr/share/groff/current/font/devpdf
    if [[ -f "$URW/NimbusRoman-Regular.afm" && -d "$GDIR" ]] && have afmtodit; then
        mkdir -p "$TMP/gfont/devpdf"
        cp "$GDIR/DESC" "$TMP/gfont/devpdf/"
        : > "$TMP/gfont/devpdf/download"
        for spec in TR:NimbusRoman-Regular TB:NimbusRoman-Bold TI:NimbusRoman-Italic; do
            (cd "$TMP/gfont/devpdf" && afmtodit -e "$GDIR/enc/text.enc" -i0 \
                "$URW/${spec#*:}.afm" "$GDIR/map/textmap" "${spec%%:*}" 2>/dev/null)
            printf '\t%s\t*%s\n' "${spec#*:}" "$URW/${spec#*:}.t1" >> "$TMP/gfont/devpdf/download"
        done
        conv ms "$TXT/$UK" > "$TMP/uk.ms"
        groff -F "$TMP/gfont" -k -ms -Tpdf "$TMP/uk.ms" > "$OUT/groff_uk.pdf" 2>/dev/null || true
        add groff_uk.pdf "groff -k (preconv) -ms -Tpdf" "$UK" \
            "Cyrillic via URW NimbusRoman (afmtodit font description), not embedded, ToUnicode"
    else
        skip "groff_uk.pdf (no URW fonts / afmtodit)"
    fi
else
    skip "groff"
fi

# --- Ghostscript: groff -Tps | ps2pdf ---------------------------------------------------
if have groff && have ps2pdf; then
    groff -ms -Tps "$TMP/en.ms" 2>/dev/null | ps2pdf - "$OUT/gs_groff_en.pdf" || true
    add gs_groff_en.pdf "groff -ms -Tps | ps2pdf (Ghostscript 10)" "$EN" "Type1C subsets, no ToUnicode (glyph names only); no space glyphs: word gaps are positioning only; ligatures"
    groff -ms -Tps "$TMP/col.ms" 2>/dev/null | ps2pdf - "$OUT/gs_groff_2col.pdf" || true
    add gs_groff_2col.pdf "groff -ms -Tps | ps2pdf" "$COL" "two columns (.2C); as gs_groff_en"
else
    skip "ghostscript"
fi

# --- enscript | ps2pdf ------------------------------------------------------------------
if have enscript && have ps2pdf; then
    # Default page header (file name, date, page number); --word-wrap since paragraphs are
    # single long lines (enscript truncates them otherwise).
    # Run on copies with a fixed mtime, so the header shows no local path or build date.
    cp "$TXT/$EN" "$TXT/$COL" "$TMP/"
    touch -d "@$SOURCE_DATE_EPOCH" "$TMP/$EN" "$TMP/$COL"
    (cd "$TMP" && enscript --quiet --word-wrap -p en.ps "$EN") || true
    ps2pdf "$TMP/en.ps" "$OUT/enscript_en.pdf" || true
    add enscript_en.pdf "enscript 1.6 | ps2pdf" "$EN" "Courier Type1C, no ToUnicode; Ghostscript shows each line with the ' operator; default header (extra text)"
    (cd "$TMP" && enscript --quiet --word-wrap -2 -r -f Courier16 -p col.ps "$COL") || true
    ps2pdf "$TMP/col.ps" "$OUT/enscript_2up.pdf" || true
    add enscript_2up.pdf "enscript -2 -r (2 columns, landscape) | ps2pdf" "$COL" "-2 -r -f Courier16: text flows into the second column; header text is extra"
else
    skip "enscript"
fi

# --- LibreOffice Writer -----------------------------------------------------------------
if have libreoffice; then
    LO=(libreoffice -env:UserInstallation=file://"$TMP/lo" --headless --norestore)
    cp "$TXT/$EN" "$TMP/lo_en.txt"; cp "$TXT/$UK" "$TMP/lo_uk.txt"
    for f in lo_en lo_uk; do
        "${LO[@]}" --infilter="Text (encoded):UTF8,LF,,," --convert-to pdf --outdir "$TMP" "$TMP/$f.txt" >/dev/null 2>&1 || true
        cp "$TMP/$f.pdf" "$OUT/$f.pdf" 2>/dev/null || true
    done
    add lo_en.pdf "LibreOffice Writer (txt import)" "$EN" "plain-text import; TrueType subset with its own 1-byte codes (hex strings), ToUnicode"
    add lo_uk.pdf "LibreOffice Writer (txt import)" "$UK" "plain-text import, Cyrillic"
    conv fodt "$TXT/$COL" 2c > "$TMP/lo_2col.fodt"
    "${LO[@]}" --convert-to pdf --outdir "$TMP" "$TMP/lo_2col.fodt" >/dev/null 2>&1 || true
    cp "$TMP/lo_2col.pdf" "$OUT/lo_2col.pdf" 2>/dev/null || true
    add lo_2col.pdf "LibreOffice Writer (flat ODT)" "$COL" "two-column section, justified, DejaVu Serif"
else
    skip "libreoffice"
fi

# --- cairo (pango-view) -----------------------------------------------------------------
if have pango-view; then
    for f in en:$EN uk:$UK; do
        pango-view -q --font="DejaVu Serif 10.5" --width=470 --wrap=word --margin=60 \
            --output "$OUT/cairo_${f%%:*}.pdf" "$TXT/${f#*:}" 2>/dev/null || true
    done
    add cairo_en.pdf "pango-view (pango 1.50, cairo PDF)" "$EN" "one tall page; ligatures from a second (CID) font inside ActualText spans"
    add cairo_uk.pdf "pango-view (pango 1.50, cairo PDF)" "$UK" "one tall page; Cyrillic, CID TrueType Identity-H"
else
    skip "pango-view"
fi

# --- Chromium print to PDF --------------------------------------------------------------
CHROME=""
for c in chromium chromium-browser google-chrome; do have "$c" && { CHROME=$c; break; }; done
if [[ -n "$CHROME" ]]; then
    conv html "$TXT/$EN" > "$TMP/en.html"
    conv html "$TXT/$UK" > "$TMP/uk.html"
    conv html "$TXT/$COL" 2c > "$TMP/col.html"
    for f in en uk col; do
        "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
            --no-first-run --user-data-dir="$TMP/chrome" --no-pdf-header-footer \
            --print-to-pdf="$TMP/chromium_$f.pdf" "file://$TMP/$f.html" >/dev/null 2>&1 || true
        cp "$TMP/chromium_$f.pdf" "$OUT/chromium_${f/col/2col}.pdf" 2>/dev/null || true
    done
    add chromium_en.pdf "Chromium headless print-to-pdf (Skia)" "$EN" "CID TrueType; one glyph per Tj; ligatures inside ActualText spans"
    add chromium_uk.pdf "Chromium headless print-to-pdf (Skia)" "$UK" "Cyrillic"
    add chromium_2col.pdf "Chromium headless print-to-pdf (Skia)" "$COL" "CSS column-count: 2"
else
    skip "chromium"
fi

# --- pdfTeX -----------------------------------------------------------------------------
if have pdflatex; then
    conv tex "$TXT/$EN" > "$TMP/tex_en.tex"
    conv tex "$TXT/$EN" tounicode > "$TMP/tex_en_tu.tex"
    conv tex "$TXT/$COL" 2c tounicode > "$TMP/tex_2col.tex"
    for f in tex_en tex_en_tu tex_2col; do
        (cd "$TMP" && pdflatex -interaction=batchmode -halt-on-error "$f.tex" >/dev/null 2>&1) || true
        cp "$TMP/$f.pdf" "$OUT/$f.pdf" 2>/dev/null || true
    done
    add tex_en.pdf "pdfTeX (LaTeX article)" "$EN" "Computer Modern Type1, OT1, \\pdfgentounicode=0 (no ToUnicode); fi/fl/ffi ligatures, hyphenation"
    add tex_en_tu.pdf "pdfTeX (LaTeX, \\pdfgentounicode=1)" "$EN" "as tex_en but with ToUnicode CMaps (TeX Live 2022 default)"
    add tex_2col.pdf "pdfTeX (LaTeX twocolumn, ToUnicode)" "$COL" "two columns, hyphenation, ligatures"
else
    skip "pdflatex"
fi

# --- hand-written PDF -------------------------------------------------------------------
conv handpdf "$TXT/$EN" "$OUT/hand_quote_ops.pdf"
add hand_quote_ops.pdf "hand-written (make.sh python)" "$EN" "uncompressed; lines shown with ' and \" operators; Helvetica WinAnsi, not embedded"

cp "$MANIFEST" "$OUT/MANIFEST.tsv"
echo "total: $(du -cb "$OUT"/*.pdf | tail -1 | cut -f1) bytes in $(ls "$OUT"/*.pdf | wc -l) PDFs"
