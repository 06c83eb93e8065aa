//! What the map's symbols mean (bottom left) and whose tiles and data it shows (bottom
//! right), drawn over the map.

use eframe::egui::{self, Align2, FontId, Rect, Shape, Stroke, Ui, Vec2};

use crate::app::style::{
    CLUSTER, CREDIT_BACK, CREDIT_TEXT, LEGEND_BACK, MAP_TEXT, ON_SYMBOL, PIN_CITY, PIN_COUNTRY,
    PIN_REGION, PIN_RELATIVE, PIN_WATER,
};

use super::screen::circle_points;

/// What the symbols mean, in the map's bottom-left corner.
pub fn legend_ui(ui: &Ui, rect: Rect) {
    let painter = ui.painter();
    let font = FontId::proportional(11.0);
    let rows: [(&str, u8); 9] = [
        ("town or city", 0),
        ("region or district", 1),
        ("region named: its outline", 7),
        ("country or continent", 2),
        ("sea, lake or river", 3),
        ("low confidence", 4),
        ("approximate (relative)", 5),
        ("village at its community's centre", 8),
        ("cluster: click to zoom in", 6),
    ];
    let row_h = 16.0;
    let size = Vec2::new(200.0, rows.len() as f32 * row_h + 8.0);
    let min = rect.left_bottom() + Vec2::new(8.0, -size.y - 8.0);
    painter.rect_filled(Rect::from_min_size(min, size), 4.0, LEGEND_BACK);
    for (k, (text, symbol)) in rows.iter().enumerate() {
        let y = min.y + 4.0 + k as f32 * row_h + row_h / 2.0;
        let c = egui::pos2(min.x + 12.0, y);
        match symbol {
            0 => {
                painter.circle(c, 5.0, PIN_CITY, Stroke::new(1.0, ON_SYMBOL));
            }
            1 => {
                painter.circle(
                    c,
                    5.0,
                    PIN_REGION.gamma_multiply(0.25),
                    Stroke::new(2.0, PIN_REGION),
                );
            }
            2 => {
                painter.circle(
                    c,
                    5.0,
                    PIN_COUNTRY.gamma_multiply(0.25),
                    Stroke::new(2.0, PIN_COUNTRY),
                );
            }
            3 => {
                painter.circle(
                    c,
                    5.0,
                    PIN_WATER.gamma_multiply(0.25),
                    Stroke::new(2.0, PIN_WATER),
                );
            }
            4 => painter.extend(Shape::dashed_line(
                &circle_points(c, 5.5),
                Stroke::new(1.5, PIN_CITY),
                2.0,
                2.0,
            )),
            5 => painter.extend(Shape::dashed_line(
                &circle_points(c, 5.5),
                Stroke::new(1.5, PIN_RELATIVE),
                2.0,
                2.0,
            )),
            8 => {
                painter.circle(c, 3.0, PIN_CITY, Stroke::new(1.0, ON_SYMBOL));
                painter.extend(Shape::dashed_line(
                    &circle_points(c, 6.5),
                    Stroke::new(1.0, PIN_CITY),
                    2.0,
                    2.0,
                ));
            }
            7 => {
                painter.rect(
                    Rect::from_center_size(c, Vec2::new(12.0, 9.0)),
                    1.0,
                    PIN_REGION.gamma_multiply(0.3),
                    Stroke::new(1.5, PIN_REGION),
                    egui::StrokeKind::Inside,
                );
            }
            _ => {
                painter.circle(c, 6.0, CLUSTER, Stroke::new(1.0, ON_SYMBOL));
            }
        }
        painter.text(
            egui::pos2(min.x + 24.0, y),
            Align2::LEFT_CENTER,
            *text,
            font.clone(),
            MAP_TEXT,
        );
    }
}

/// The credits of the tiles and data, in the map's bottom-right corner.
pub fn attribution_ui(ui: &Ui, rect: Rect, tiles: Option<&str>) {
    let text = match tiles {
        Some(t) if t.starts_with('©') => format!("{t} · GeoNames (CC BY 4.0) · Natural Earth"),
        Some(t) => format!("© {t} · GeoNames (CC BY 4.0) · Natural Earth"),
        None => "Offline basemap: Natural Earth · places: GeoNames (CC BY 4.0)".to_string(),
    };
    let painter = ui.painter();
    let font = FontId::proportional(11.0);
    let galley = painter.layout_no_wrap(text.to_string(), font, CREDIT_TEXT);
    let pos = rect.right_bottom() - galley.size() - Vec2::new(6.0, 4.0);
    painter.rect_filled(
        Rect::from_min_size(pos - Vec2::splat(3.0), galley.size() + Vec2::splat(6.0)),
        3.0,
        CREDIT_BACK,
    );
    painter.galley(pos, galley, CREDIT_TEXT);
}
