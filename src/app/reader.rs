//! The article reader: the whole text of one document, every recognised place highlighted
//! (resolved, approximate and unresolved in different styles), boilerplate greyed, opened
//! at the sentence the user came from. Clicking a highlighted name selects its place.

use eframe::egui::{self, Align, FontId, Sense, Stroke, TextFormat, text::LayoutJob};

use super::command::Command;
use super::style::{
    APPROXIMATE_BACK, CORRECTED, CORRECTED_BACK, FOCUS_BACK, HIGHLIGHT_BACK, HIGHLIGHT_TEXT,
    MUTED_LINE,
};
use super::views::ViewCtx;

/// Which article is open, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    /// Index into the collection's documents.
    pub doc: usize,
    /// The byte range to show and mark (the mention the user came from).
    pub focus: Option<(usize, usize)>,
    /// Scroll to the focus on the next frame.
    pub scroll_pending: bool,
}

impl Reader {
    /// The reader on document `doc`, scrolled to the byte range `focus`.
    pub fn at(doc: usize, focus: Option<(usize, usize)>) -> Self {
        Reader {
            doc,
            focus,
            scroll_pending: true,
        }
    }
}

/// How a stretch of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Body,
    Boilerplate,
    Resolved,
    Approximate,
    Unresolved,
    Focus,
    Corrected,
    NotAPlace,
}

fn format_for(style: Style, ui: &egui::Ui) -> TextFormat {
    let body = TextFormat {
        font_id: FontId::proportional(14.0),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    match style {
        Style::Body => body,
        Style::Boilerplate => TextFormat {
            color: ui.visuals().weak_text_color(),
            italics: true,
            ..body
        },
        Style::Resolved => TextFormat {
            background: HIGHLIGHT_BACK,
            color: HIGHLIGHT_TEXT,
            ..body
        },
        Style::Focus => TextFormat {
            background: FOCUS_BACK,
            color: HIGHLIGHT_TEXT,
            ..body
        },
        Style::Approximate => TextFormat {
            background: APPROXIMATE_BACK,
            color: HIGHLIGHT_TEXT,
            italics: true,
            ..body
        },
        Style::Unresolved => TextFormat {
            underline: Stroke::new(1.0, MUTED_LINE),
            ..body
        },
        Style::Corrected => TextFormat {
            background: CORRECTED_BACK,
            color: HIGHLIGHT_TEXT,
            underline: Stroke::new(1.5, CORRECTED),
            ..body
        },
        Style::NotAPlace => TextFormat {
            strikethrough: Stroke::new(1.0, MUTED_LINE),
            ..body
        },
    }
}

/// The text as styled byte ranges.
fn segments(
    pd: &crate::ParsedDocument,
    focus: Option<(usize, usize)>,
) -> Vec<(usize, usize, Style)> {
    let text = &pd.doc.text;
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in &pd.mentions {
        cuts.push(m.start);
        cuts.push(m.end);
    }
    for &(a, b) in &pd.doc.boilerplate {
        cuts.push(a);
        cuts.push(b);
    }
    cuts.retain(|&c| c <= text.len() && text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(usize, usize, Style)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a == b {
            continue;
        }
        let in_bp = pd.doc.in_boilerplate(a, b);
        let mention = pd.mentions.iter().find(|m| m.start <= a && b <= m.end);
        let style = match mention {
            _ if in_bp => Style::Boilerplate,
            Some(m) if focus == Some((m.start, m.end)) => Style::Focus,
            Some(m) if m.correction.is_some() && m.resolution.is_none() => Style::NotAPlace,
            Some(m) if m.correction.is_some() => Style::Corrected,
            Some(m) if m.resolution.is_none() => Style::Unresolved,
            Some(m) if m.is_approximate() => Style::Approximate,
            Some(_) => Style::Resolved,
            None => Style::Body,
        };
        match out.last_mut() {
            Some(last) if last.2 == style && last.1 == a => last.1 = b,
            _ => out.push((a, b, style)),
        }
    }
    out
}

/// The reader window and the article open in it.
#[derive(Debug, Default)]
pub struct ReaderWindow {
    /// The article open, while the window is.
    pub open: Option<Reader>,
}

impl ReaderWindow {
    /// Draws the window while an article is open.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let Some(reader) = self.open.as_mut() else {
            return;
        };
        let Some(pd) = cx.model.collection.documents.get(reader.doc) else {
            self.open = None;
            return;
        };
        match reader_ui(reader, pd, ui.ctx(), out) {
            None => self.open = None,
            Some(Some((place, a, b))) => {
                reader.focus = Some((a, b));
                out.push(Command::Select {
                    place,
                    recentre: true,
                });
            }
            Some(None) => {}
        }
    }
}

/// Draws the reader on `pd`. Returns `None` when the window was closed, else the place
/// clicked, if any (with the byte range of its name).
fn reader_ui(
    reader: &mut Reader,
    pd: &crate::ParsedDocument,
    ctx: &egui::Context,
    out: &mut Vec<Command>,
) -> Option<Option<(crate::PlaceId, usize, usize)>> {
    let mut open = true;
    let mut clicked_place = None;
    let mut scrolled = false;
    let title = pd.doc.display_title();
    egui::Window::new("Article")
        .id(egui::Id::unique("article_reader"))
        .open(&mut open)
        .default_size([560.0, 620.0])
        .default_pos([250.0, 60.0])
        .resizable(true)
        .show(ctx, |ui| {
            ui.heading(&title);
            let about: Vec<String> = [
                pd.doc.source.clone(),
                pd.doc.date.clone(),
                pd.doc.author.clone(),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !about.is_empty() {
                ui.label(egui::RichText::new(about.join(" \u{b7} ")).weak());
            }
            if let Some(url) = &pd.doc.url {
                ui.hyperlink(url);
            }
            ui.label(egui::RichText::new(pd.doc.path.as_str()).small().weak());
            ui.label(
                egui::RichText::new(
                    "Click a name to show its place; right-click it to correct the match.",
                )
                .small()
                .weak(),
            );
            ui.horizontal_wrapped(|ui| {
                for (style, label) in [
                    (Style::Resolved, "place"),
                    (Style::Approximate, "approximate"),
                    (Style::Unresolved, "not resolved"),
                    (Style::Corrected, "corrected by you"),
                    (Style::NotAPlace, "not a place (you said)"),
                    (Style::Boilerplate, "boilerplate (no pins)"),
                ] {
                    let mut job = LayoutJob::default();
                    job.append(label, 0.0, format_for(style, ui));
                    ui.label(job);
                }
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let text = &pd.doc.text;
                    let mut job = LayoutJob::default();
                    for (a, b, style) in segments(pd, reader.focus) {
                        job.append(&text[a..b], 0.0, format_for(style, ui));
                    }
                    job.wrap.max_width = ui.available_width();
                    let galley = ui.painter().layout_job(job);
                    let response = ui.add(egui::Label::new(galley.clone()).sense(Sense::click()));
                    if reader.scroll_pending
                        && let Some((start, _)) = reader.focus
                    {
                        let chars = text.get(..start).map_or(0, |s| s.chars().count());
                        let rect = galley
                            .pos_from_cursor(egui::text::CCursor::new(chars))
                            .translate(response.rect.min.to_vec2());
                        ui.scroll_to_rect(rect, Some(Align::Center));
                        scrolled = true;
                    }
                    let mention_at = |pos: egui::Pos2| {
                        let cursor = galley.cursor_from_pos(pos - response.rect.min);
                        let byte = text
                            .char_indices()
                            .nth(cursor.index.0)
                            .map_or(text.len(), |(b, _)| b);
                        pd.mentions
                            .iter()
                            .position(|m| m.start <= byte && byte < m.end && !pd.in_boilerplate(m))
                    };
                    if response.secondary_clicked()
                        && let Some(pos) = response.interact_pointer_pos()
                        && let Some(k) = mention_at(pos)
                    {
                        let m = &pd.mentions[k];
                        out.push(Command::Correct(super::correct::Draft::new(
                            crate::MentionRef {
                                doc: reader.doc,
                                mention: k,
                            },
                            m.surface(text),
                        )));
                    }
                    if response.clicked()
                        && let Some(pos) = response.interact_pointer_pos()
                    {
                        clicked_place = mention_at(pos).and_then(|k| {
                            let m = &pd.mentions[k];
                            m.resolution.as_ref().map(|r| (r.place, m.start, m.end))
                        });
                    }
                });
        });
    if scrolled {
        reader.scroll_pending = false;
    }
    open.then_some(clicked_place)
}
