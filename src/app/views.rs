//! The app's windows and panels, and what they read. Each owns its own state and draws with
//! `fn ui(&mut self, ui, cx: &ViewCtx, out: &mut Vec<Command>)`: it reads the model and
//! what is derived from it through [`ViewCtx`] and asks for changes as
//! [`Command`](super::command::Command)s, which the app applies once every window is
//! drawn. No window writes another's state.

use std::path::Path;

use crate::Gazetteer;
use crate::Progress;

use super::derived::Derived;
use super::model::AppModel;
use super::{correct, filters, import_report, menu, own_places_ui, panels, paths, reader};

/// What a window reads, for one frame.
pub struct ViewCtx<'a> {
    /// The model.
    pub model: &'a AppModel,
    /// What is derived from it.
    pub derived: &'a Derived,
    /// The workspace file, when there is one.
    pub workspace: Option<&'a Path>,
    /// The load under way.
    pub progress: Option<Progress>,
    /// What its progress counts ("files", "place names").
    pub progress_unit: &'static str,
    /// The load under way can be cancelled (files, results; not a workspace restoring).
    pub cancellable: bool,
    /// The map waits for a click that gives a point.
    pub picking: bool,
}

impl<'a> ViewCtx<'a> {
    /// What a window reads of `model` and `derived`, with no workspace, no load under
    /// way and the map not waiting for a click.
    pub fn new(model: &'a AppModel, derived: &'a Derived) -> Self {
        ViewCtx {
            model,
            derived,
            workspace: None,
            progress: None,
            progress_unit: "files",
            cancellable: true,
            picking: false,
        }
    }

    /// What a window of the app reads this frame.
    pub fn of_app(
        model: &'a AppModel,
        derived: &'a Derived,
        workspace: Option<&'a Path>,
        (progress, progress_unit, cancellable): (Option<Progress>, &'static str, bool),
        picking: bool,
    ) -> Self {
        ViewCtx {
            workspace,
            progress,
            progress_unit,
            cancellable,
            picking,
            ..ViewCtx::new(model, derived)
        }
    }

    /// The gazetteer, once loaded.
    pub fn gazetteer(&self) -> Option<&Gazetteer> {
        self.model.gazetteer.as_deref()
    }
}

/// Every window and panel of the app.
#[derive(Debug, Default)]
pub struct Views {
    /// The menu bar.
    pub menu: menu::MenuBar,
    /// The status line, its copies list.
    pub status: panels::StatusBar,
    /// The search box and filters.
    pub filters: filters::FiltersPanel,
    /// The timeline of article dates.
    pub timeline: filters::TimelinePanel,
    /// The places list.
    pub places: panels::PlacesPanel,
    /// The excerpts of the selected place.
    pub excerpts: panels::ExcerptsPanel,
    /// The article reader.
    pub reader: reader::ReaderWindow,
    /// The correction window.
    pub correction: correct::CorrectionWindow,
    /// The list of corrections.
    pub corrections_list: correct::CorrectionsList,
    /// The "Your places" window.
    pub own_places: own_places_ui::OwnPlacesWindow,
    /// The windows that ask for a path.
    pub prompts: paths::PathPrompts,
    /// The import report.
    pub import_report: import_report::ImportReport,
}
