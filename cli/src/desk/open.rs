//! Opening the desk's login address in the default browser (`tsunagu desk` without
//! `--no-open`), through the `webbrowser` crate with only http(s) addresses allowed. Where no
//! graphical session can show a browser (a server, CI, an SSH session) nothing is started; a
//! failure is not an error either: the address is printed in the terminal anyway.

/// True when a graphical browser could be shown: always on macOS and Windows; elsewhere only
/// inside an X11 or Wayland session (else `webbrowser` may fall back to a text browser that
/// would take over the terminal, or start a browser that cannot show anything).
fn has_display() -> bool {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

/// Asks the default browser to open `url`; true when one was started.
pub fn open_in_browser(url: &str) -> bool {
    if !has_display() {
        return false;
    }
    let options = {
        let mut options = webbrowser::BrowserOptions::new();
        options.with_suppress_output(true);
        options
    };
    webbrowser::open_browser_with_options(webbrowser::Browser::Default, url, &options).is_ok()
}
