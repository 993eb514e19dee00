"""User-facing text for errors and shared phrases, in Japanese and English.

Every error has a stable snake_case ``code`` (the API) and a message per
language (for people). ``{label}`` is the field's label in the same language.
"""

from __future__ import annotations

LANGS = ("ja", "en")
DEFAULT_LANG = "ja"

ERRORS: dict[str, dict[str, str]] = {
    "required": {
        "ja": "{label}を入力してください。",
        "en": "Please enter {label}.",
    },
    "not_a_number": {
        "ja": "{label}は数字で入力してください(例: 12 や 1,234)。",
        "en": "{label_cap} must be a number (for example 12 or 1,234).",
    },
    "not_whole_number": {
        "ja": "{label}は整数で入力してください(小数は使えません)。",
        "en": "{label_cap} must be a whole number (no decimals).",
    },
    "negative": {
        "ja": "{label}は 0 以上にしてください。",
        "en": "{label_cap} cannot be negative.",
    },
    "too_large": {
        "ja": "{label}が大きすぎます({maximum} 以下にしてください)。",
        "en": "{label_cap} is too large (at most {maximum}).",
    },
    "too_small": {
        "ja": "{label}は {minimum} より大きくしてください。",
        "en": "{label_cap} must be greater than {minimum}.",
    },
    "below_minimum": {
        "ja": "{label}は {minimum} 以上にしてください。",
        "en": "{label_cap} must be at least {minimum}.",
    },
    "out_of_range": {
        "ja": "{label}は {minimum} から {maximum} の間で入力してください。",
        "en": "{label_cap} must be between {minimum} and {maximum}.",
    },
    "cancels_exceed_orders": {
        "ja": "キャンセル数が注文数より多くなっています。キャンセルした注文も注文数に含めてください。",
        "en": "There are more cancellations than orders. Cancelled orders are part of the order count, so include them.",
    },
    "not_a_text": {
        "ja": "{label}は文字で入力してください。",
        "en": "{label_cap} must be text.",
    },
    "too_long": {
        "ja": "{label}が長すぎます({maximum} 文字まで)。",
        "en": "{label_cap} is too long (at most {maximum} characters).",
    },
    "unknown_choice": {
        "ja": "{label}に「{value}」という選択肢はありません。一覧から選んでください。",
        "en": '"{value}" is not one of the choices for {label}. Please choose from the list.',
    },
    "too_many_choices": {
        "ja": "{label}は {maximum} 個まで選べます。",
        "en": "Choose at most {maximum} for {label}.",
    },
    "not_a_choice_list": {
        "ja": "{label}の形式が正しくありません(選んだ値のリストを送ってください)。",
        "en": "{label_cap} must be a list of the chosen values.",
    },
    "unknown_policy": {
        "ja": "この基準は見つかりません。一覧から選んでください。",
        "en": "Unknown policy. Please choose one from the list.",
    },
    "target_required": {
        "ja": "この指標には公表された目標値がありません。比べたい目標(%)を入力してください。",
        "en": "This metric has no published target. Please enter the target (%) you want to compare with.",
    },
    "file_required": {
        "ja": "ファイルを選んでください。",
        "en": "Please choose a file.",
    },
    "unknown_calculator": {
        "ja": "この計算機は見つかりません。",
        "en": "Unknown calculator.",
    },
    "invalid_inputs": {
        "ja": "入力の形式が正しくありません。",
        "en": "The inputs are not in the expected form.",
    },
    "internal_error": {
        "ja": "計算中に予期しない問題が起きました。入力を見直すか、ページを再読み込みしてください。",
        "en": "Something unexpected went wrong. Please check your inputs or reload the page.",
    },
    "no_shortage": {
        "ja": "在庫数が注文の個数以上あるので、在庫不足ではありません。在庫数は注文の個数より少ない数にしてください。",
        "en": "You have enough stock for this order. Units in stock must be fewer than the units ordered.",
    },
    "bad_date": {
        "ja": "「{value}」は日付として読めません。2026-11-28 や 2026/11/28 の形で入力してください。",
        "en": '"{value}" is not a date we can read. Please use a form like 2026-11-28 or 2026/11/28.',
    },
    "too_many_dates": {
        "ja": "日付が多すぎます({maximum} 件まで)。",
        "en": "Too many dates (at most {maximum}).",
    },
    "dates_count_mismatch": {
        "ja": "日付が {dates} 件、キャンセル数が {cancels} です。キャンセル 1 件(個数で数える基準では 1 個)ごとに日付を 1 つ入力してください(同じ日は繰り返して書けます)。",
        "en": "There are {dates} dates for {cancels} cancellations. Enter one date per cancellation (per unit on unit-based policies); repeat a date if needed.",
    },
    "cancel_date_after_today": {
        "ja": "キャンセル日 {value} が基準日({today})より後になっています。",
        "en": "The cancellation date {value} is after the reference date ({today}).",
    },
    "cancel_date_out_of_window": {
        "ja": "キャンセル日 {value} は基準日({today})にはもう集計期間の外です。この日付を外し、キャンセル数からも除いてください。",
        "en": "The cancellation on {value} is already outside the window on {today}. Leave it out, and take it off the cancellation count.",
    },
    "report_empty": {
        "ja": "ファイルが空です。注文レポートのファイルを選んでください。",
        "en": "The file is empty. Please choose your order report file.",
    },
    "report_too_large": {
        "ja": "ファイルが大きすぎます({maximum} MB まで)。期間を短くして(半年ごとなどに分けて)レポートを作り直してください。",
        "en": "The file is too large (at most {maximum} MB). Please download the report for a shorter period (for example half a year at a time).",
    },
    "report_spreadsheet": {
        "ja": "Excel などの表計算ファイル(.xlsx など)は読めません。表計算ソフトで「CSV」または「テキスト(タブ区切り)」形式で保存し直してから選んでください。",
        "en": "Spreadsheet files (.xlsx and the like) cannot be read. Please save the sheet as CSV or tab-separated text (TXT) and choose that file.",
    },
    "report_binary": {
        "ja": "テキストファイルとして読めません。Amazon の注文レポート(.txt)か CSV ファイルを選んでください(文字コードは UTF-8 か Shift_JIS)。",
        "en": "This is not a text file. Please choose an Amazon order report (.txt) or a CSV file (UTF-8 or Shift_JIS).",
    },
    "report_columns": {
        "ja": "必要な列が見つかりません: {missing}。Amazon の全注文レポートか、このページで説明している列名の CSV を選んでください。",
        "en": "Required columns are missing: {missing}. Please choose an Amazon All Orders report or a CSV with the column names described on this page.",
    },
    "report_unreadable": {
        "ja": 'CSV として読み取れません({row} 行目から)。引用符(")が閉じていないか、1 つの値が長すぎます(128 KB まで)。確かめて保存し直してください。',
        "en": 'The file cannot be read as CSV from row {row} on: a quote (") is never closed, or one value is too long (128 KB at most). Please check it and save it again.',
    },
    "report_header_too_long": {
        "ja": "1 行目が長すぎます({length} 文字)。注文レポートの 1 行目は列名の短い行です({maximum} 文字まで)。正しいファイルか確かめてください。",
        "en": "The first line is too long ({length} characters). An order report starts with a short row of column names (at most {maximum} characters). Please check that this is the right file.",
    },
    "report_no_orders": {
        "ja": "数えられる注文がありませんでした(注文番号や日付が空欄か、読めない形式です)。",
        "en": "No order could be counted (order ids or dates are missing or unreadable).",
    },
    "report_no_orders_dates": {
        "ja": "数えられる注文がありませんでした。日付が読めません。最初の読めない日付は {row} 行目の「{value}」です。2026-05-31 や 2026/05/31 15:30 の形にして保存し直してください。",
        "en": 'No order could be counted: the dates cannot be read. The first unreadable date is "{value}" on row {row}. Please save the dates in a form like 2026-05-31 or 2026/05/31 15:30.',
    },
    "report_date_ambiguous": {
        "ja": "{row} 行目の日付「{value}」は、月/日/年とも日/月/年とも読めます。この基準のマーケットプレイスでは年が最後に来る書き方が決まっていないため、どちらか判断できません。表計算ソフトで日付を 2026-05-31 のような年/月/日の形にして保存し直してください。",
        "en": 'The date "{value}" on row {row} could be month/day/year or day/month/year, and this policy\'s marketplace does not settle which, so it cannot be read safely. Please save the dates year first (like 2026-05-31) in your spreadsheet.',
    },
    "report_date_mixed": {
        "ja": "日付の順番がファイルの中で食い違っています: {row} 行目の「{value}」と {other_row} 行目の「{other}」は、一方が月/日/年、もう一方が日/月/年でないと読めません。日付を 2026-05-31 のような年/月/日の形にして保存し直してください。",
        "en": 'The dates disagree about their order: "{value}" on row {row} and "{other}" on row {other_row} can only be read one as month/day/year and the other as day/month/year. Please save the dates year first (like 2026-05-31).',
    },
    "report_date_day_first": {
        "ja": "{row} 行目の日付「{value}」は日/月/年の順でしか読めませんが、この基準のマーケットプレイス(米国など)の日付は月/日/年の順です。日付を 2026-05-31 のような年/月/日の形にして保存し直してください。",
        "en": 'The date "{value}" on row {row} can only be day/month/year, but this policy\'s marketplace writes the month first (month/day/year). Please save the dates year first (like 2026-05-31).',
    },
    "report_no_merchant_orders": {
        "ja": "出品者出荷(自己発送)の注文がありません。FBA の注文はキャンセル率に入りません。",
        "en": "There are no merchant-fulfilled orders in this file. FBA orders do not count toward the cancel rate.",
    },
}


def quoted(value: str, limit: int = 40) -> str:
    """A value typed or read from a file, as a message may quote it: control characters and lone
    surrogates shown as U+FFFD, at most ``limit`` characters (then "…")."""
    text = "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else "\ufffd" for c in value[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def norm_lang(lang: object) -> str:
    """``"en"`` or ``"ja"``; anything else falls back to Japanese."""
    return lang if lang in LANGS else DEFAULT_LANG


def error(code: str, lang: str, field: str | None = None, label: str = "", **params: object) -> dict:
    """One error record: ``{"field", "code", "message"}``."""
    label_cap = label[:1].upper() + label[1:]
    message = ERRORS[code][lang].format(label=label, label_cap=label_cap, **params)
    return {"field": field, "code": code, "message": message}


# Texts the browser shows around a calculator (status and fallbacks); the
# site renders them into the form so the browser glue holds no language.
UI: dict[str, dict[str, str]] = {
    "loading": {
        "ja": "計算エンジン(Python)を準備しています…。入力はそのまま続けられます。",
        "en": "Starting the calculator (Python)… You can keep typing.",
    },
    "ready": {
        "ja": "入力すると、すぐに計算し直します。",
        "en": "Results update as you type.",
    },
    "error": {
        "ja": "計算エンジンを起動できませんでした。ページを再読み込みしてください。それでも動かない場合は、別のブラウザでお試しください。",
        "en": "The calculator could not start. Please reload the page, or try another browser.",
    },
    "internal": ERRORS["internal_error"],
    "busy": {
        "ja": "計算しています…",
        "en": "Calculating…",
    },
    "prefilled": {
        "ja": "(例の数値での計算結果です)",
        "en": "(results for the example values)",
    },
    # in the page as served, before (or without) JavaScript: the results shown are the example's
    "static": {
        "ja": "表示中の結果は例の数値で計算したものです。自分の数値で計算するには JavaScript を有効にしてください。",
        "en": "The results shown are for the example values. To calculate with your own numbers, turn on JavaScript.",
    },
    # while the runtime downloads; {loaded} and {total} are megabytes with one decimal
    "progress": {
        "ja": "Python を読み込み中… {loaded} / {total} MB。入力はそのまま続けられます。",
        "en": "Loading Python… {loaded} / {total} MB. You can keep typing.",
    },
    "network": {
        "ja": "通信が途切れたため、計算エンジン(Python)を読み込めませんでした。電波のよい場所でページを再読み込みしてください。",
        "en": "The calculator (Python) could not be loaded: the connection dropped or stalled. Reload the page where the signal is better.",
    },
}
