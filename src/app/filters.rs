//! Finding things: the search box and filters above the places list, and the timeline of
//! article dates with a range and a play button.

use eframe::egui::{self, Rect, Sense, Stroke, Vec2};

use crate::Filter;

use super::command::Command;
use super::model::Edit;
use super::style::{PIN_REGION, SELECTED, TIMELINE_OFF};
use super::views::ViewCtx;

/// The id of the search box, focused by Ctrl+F.
pub fn search_id() -> egui::Id {
    egui::Id::unique("newsmap_search")
}

/// What the filters and the timeline offer, taken from the collection when it changes (not
/// every frame).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choices {
    /// Sources, sorted.
    pub sources: Vec<String>,
    /// (path, title) of every document, in load order.
    pub articles: Vec<(String, String)>,
    /// (code, name) of the countries of every place, whatever the filter.
    pub countries: Vec<(String, String)>,
    /// The first-level regions of every place, whatever the filter, sorted by name.
    pub regions: Vec<crate::RegionChoice>,
    /// Documents per day.
    pub days: Vec<(String, usize)>,
}

impl Choices {
    /// The choices a collection offers.
    pub fn of(coll: &crate::Collection, gaz: &crate::Gazetteer) -> Self {
        let places = coll.places(gaz);
        Choices {
            sources: crate::source_choices(coll),
            articles: coll
                .documents
                .iter()
                .map(|pd| (pd.doc.path.clone(), pd.doc.display_title()))
                .collect(),
            countries: crate::country_choices(&places, gaz),
            regions: crate::region_choices(&places, gaz),
            days: crate::date_histogram(coll),
        }
    }
}

/// The search box and the filters above the places list.
#[derive(Debug, Default)]
pub struct FiltersPanel {
    /// Ctrl+F was pressed: the search box takes the focus on the next frame.
    pub focus_search: bool,
}

impl FiltersPanel {
    /// Draws the search box and filters; a changed filter goes to `out`.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let mut filter = cx.model.state.filter.clone();
        filters_ui(&mut filter, &cx.derived.choices, ui);
        if std::mem::take(&mut self.focus_search) {
            ui.memory_mut(|m| m.request_focus(search_id()));
        }
        if filter != cx.model.state.filter {
            out.push(Command::Edit(Edit::SetFilter(filter)));
        }
    }
}

/// The search box and filters, editing `f`.
fn filters_ui(f: &mut Filter, choices: &Choices, ui: &mut egui::Ui) {
    ui.add(
        egui::TextEdit::singleline(&mut f.query)
            .id(search_id())
            .hint_text("Search places, excerpts, titles, sources (Ctrl+F)")
            .desired_width(f32::INFINITY),
    );
    egui::CollapsingHeader::new("Filters")
        .default_open(false)
        .show(ui, |ui| {
            egui::ComboBox::from_label("Source")
                .selected_text(f.source.clone().unwrap_or_else(|| "All sources".into()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.source, None, "All sources");
                    for s in &choices.sources {
                        ui.selectable_value(&mut f.source, Some(s.clone()), s);
                    }
                });
            let articles = &choices.articles;
            let current = f
                .document
                .as_ref()
                .and_then(|p| articles.iter().find(|(q, _)| q == p))
                .map_or_else(|| "All articles".to_string(), |(_, t)| t.clone());
            egui::ComboBox::from_label("Article")
                .selected_text(current)
                .width(160.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.document, None, "All articles");
                    for (path, title) in articles {
                        ui.selectable_value(&mut f.document, Some(path.clone()), title);
                    }
                });
            {
                let countries = &choices.countries;
                let current = f
                    .country
                    .as_ref()
                    .and_then(|c| countries.iter().find(|(k, _)| k == c))
                    .map_or_else(|| "All countries".to_string(), |(_, n)| n.clone());
                egui::ComboBox::from_label("Country")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut f.country, None, "All countries");
                        for (code, name) in countries {
                            ui.selectable_value(&mut f.country, Some(code.clone()), name);
                        }
                    });
            }
            region_ui(ui, f, &choices.regions);
            ui.add(
                egui::Slider::new(&mut f.min_confidence, 0.0..=1.0)
                    .text("least confidence")
                    .fixed_decimals(2),
            );
            if ui.button("Clear filters").clicked() {
                *f = Filter::default();
            }
        });
}

/// The region filter: the regions of the chosen country (of every country when none is
/// chosen). A region outside a newly chosen country is dropped.
fn region_ui(ui: &mut egui::Ui, f: &mut Filter, regions: &[crate::RegionChoice]) {
    let country = f.country.clone();
    let in_country = |r: &crate::RegionChoice| country.as_ref().is_none_or(|c| r.country == *c);
    let chosen = f
        .region
        .as_ref()
        .and_then(|code| regions.iter().find(|r| r.code == *code));
    if chosen.is_some_and(|r| !in_country(r)) {
        f.region = None;
    }
    let current = match (&f.region, chosen) {
        (None, _) => "All regions".to_string(),
        (Some(_), Some(r)) => r.label(),
        (Some(code), None) => code.clone(),
    };
    egui::ComboBox::from_label("Region")
        .selected_text(current)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut f.region, None, "All regions");
            for r in regions.iter().filter(|r| in_country(r)) {
                ui.selectable_value(&mut f.region, Some(r.code.clone()), r.label());
            }
        });
}

/// Timeline state that is not saved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// Playing: when the range last moved.
    pub playing_since: Option<f64>,
}

/// Seconds between steps while playing.
const STEP_S: f64 = 0.8;

/// The timeline of article dates under the map.
#[derive(Debug, Default)]
pub struct TimelinePanel {
    /// Its playing state.
    pub timeline: Timeline,
}

impl TimelinePanel {
    /// Draws the timeline; a changed date range goes to `out`.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let filter = &cx.model.state.filter;
        if let Some(dates) = timeline_ui(
            &mut self.timeline,
            &filter.dates,
            &cx.derived.choices.days,
            ui,
        ) {
            out.push(Command::Edit(Edit::SetFilter(Filter {
                dates,
                ..filter.clone()
            })));
        }
    }
}

/// The histogram of article dates, the range that filters by date, and play. Returns the
/// new date range when it changed.
fn timeline_ui(
    timeline: &mut Timeline,
    dates: &Option<(String, String)>,
    days: &[(String, usize)],
    ui: &mut egui::Ui,
) -> Option<Option<(String, String)>> {
    if days.is_empty() {
        return None;
    }
    let last = days.len() - 1;
    let index_of = |d: &str| {
        days.iter()
            .position(|(x, _)| x.as_str() >= d)
            .unwrap_or(last)
    };
    let (mut from, mut to) = match dates {
        Some((a, b)) => (index_of(a), index_of(b).min(last)),
        None => (0, last),
    };
    let mut on = dates.is_some();
    ui.horizontal(|ui| {
        ui.checkbox(&mut on, "Dates");
        let playing = timeline.playing_since.is_some();
        if ui
            .button(if playing { "Pause" } else { "Play" })
            .on_hover_text("Step the date range through the days")
            .clicked()
        {
            if playing {
                timeline.playing_since = None;
            } else {
                on = true;
                if to >= last {
                    // Start again from the first day, one day wide.
                    let width = to - from;
                    from = 0;
                    to = width.min(last);
                }
                timeline.playing_since = Some(ui.input(|i| i.time));
            }
        }
        ui.label(format!(
            "{} to {} ({} dated articles)",
            days[from].0,
            days[to].0,
            days[from..=to].iter().map(|(_, n)| n).sum::<usize>()
        ));
    });
    // The histogram, the selected range shaded.
    let width = ui.available_width().max(100.0);
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, 46.0), Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f32;
    let bar_w = rect.width() / days.len() as f32;
    for (i, (_, n)) in days.iter().enumerate() {
        let h = (*n as f32 / max) * (rect.height() - 6.0);
        let x = rect.left() + i as f32 * bar_w;
        let bar = Rect::from_min_max(
            egui::pos2(x + 0.5, rect.bottom() - h),
            egui::pos2(x + bar_w.max(2.0) - 0.5, rect.bottom()),
        );
        let inside = !on || (from..=to).contains(&i);
        let colour = if inside { PIN_REGION } else { TIMELINE_OFF };
        painter.rect_filled(bar, 0.0, colour);
    }
    if on {
        let sel = Rect::from_min_max(
            egui::pos2(rect.left() + from as f32 * bar_w, rect.top()),
            egui::pos2(rect.left() + (to + 1) as f32 * bar_w, rect.bottom()),
        );
        painter.rect_stroke(
            sel,
            2.0,
            Stroke::new(1.5, SELECTED),
            egui::StrokeKind::Inside,
        );
    }
    // Click or drag across the histogram to choose the range.
    if let Some(pos) = response.interact_pointer_pos() {
        let i = (((pos.x - rect.left()) / bar_w) as usize).min(last);
        if response.drag_started() || response.clicked() {
            from = i;
            to = i;
            on = true;
        } else if response.dragged() {
            let anchor = ui
                .data(|d| d.get_temp::<usize>(egui::Id::unique("timeline_anchor")))
                .unwrap_or(from);
            from = anchor.min(i);
            to = anchor.max(i);
        }
        if response.drag_started() {
            ui.data_mut(|d| d.insert_temp(egui::Id::unique("timeline_anchor"), i));
        }
    }
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Figure, true, "timeline of article dates")
    });
    ui.horizontal(|ui| {
        let mut a = from;
        let mut b = to;
        let fmt = |i: f64| {
            days.get(i as usize)
                .map(|d| d.0.clone())
                .unwrap_or_default()
        };
        let ra = ui.add(
            egui::Slider::new(&mut a, 0..=last)
                .text("from")
                .custom_formatter(move |i, _| fmt(i)),
        );
        let fmt = |i: f64| {
            days.get(i as usize)
                .map(|d| d.0.clone())
                .unwrap_or_default()
        };
        let rb = ui.add(
            egui::Slider::new(&mut b, 0..=last)
                .text("to")
                .custom_formatter(move |i, _| fmt(i)),
        );
        if ra.changed() || rb.changed() {
            on = true;
            from = a.min(b);
            to = a.max(b);
        }
    });
    // Playing: slide the range one day on every step, stop at the end.
    if let Some(since) = timeline.playing_since {
        let now = ui.input(|i| i.time);
        if now - since >= STEP_S {
            if to < last {
                from += 1;
                to += 1;
                timeline.playing_since = Some(now);
            } else {
                timeline.playing_since = None;
            }
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(STEP_S / 4.0));
    }
    let now = on.then(|| (days[from].0.clone(), days[to].0.clone()));
    (now != *dates).then_some(now)
}
