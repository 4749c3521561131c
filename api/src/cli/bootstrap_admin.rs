use std::io::IsTerminal;

use anyhow::{Context as _, anyhow, bail};
use chamdiem_commands::bootstrap_admin::{BootstrapAdmin, bootstrap_admin};
use chamdiem_domain::account::{DisplayName, Password, Username};
use clap::Args;

use super::StoreArgs;

/// The environment variable that may carry the first administrator's
/// password. There is deliberately no flag: a flag would show in `ps` and in
/// shell history.
pub const PASSWORD_VARIABLE: &str = "CHAMDIEM_ADMIN_PASSWORD";

/// Options of `chamdiem bootstrap-admin`.
#[derive(Debug, Clone, Args)]
pub struct BootstrapAdminArgs {
    /// Sign-in name of the first administrator.
    #[arg(long, env = "CHAMDIEM_ADMIN_USERNAME", default_value = "quantri")]
    pub username: String,
    /// Display name of the first administrator.
    #[arg(
        long,
        env = "CHAMDIEM_ADMIN_DISPLAY_NAME",
        default_value = "Quản trị hệ thống"
    )]
    pub display_name: String,
}

/// Issues the first administrator; the password comes from
/// `CHAMDIEM_ADMIN_PASSWORD` or, failing that, from a prompt.
pub async fn run(store: &StoreArgs, args: BootstrapAdminArgs) -> anyhow::Result<()> {
    let username =
        Username::parse(&args.username).map_err(|e| anyhow!("tên đăng nhập không hợp lệ: {e}"))?;
    let display_name = DisplayName::parse(&args.display_name)
        .map_err(|e| anyhow!("tên hiển thị không hợp lệ: {e}"))?;
    let password = Password::parse(read_password()?, &username)
        .map_err(|e| anyhow!("mật khẩu không đạt yêu cầu: {e}"))?;
    let seal_key = store.seal_key()?;
    let database = store.open_migrated().await?;
    let outcome = bootstrap_admin(
        &database,
        &seal_key,
        BootstrapAdmin {
            username: username.clone(),
            display_name,
            password,
        },
    )
    .await;
    database.close().await;
    let account_id = outcome?;
    println!("Đã cấp tài khoản quản trị \"{username}\" (mã {account_id}).");
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_VARIABLE) {
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "không có mật khẩu: đặt biến môi trường {PASSWORD_VARIABLE} hoặc chạy lệnh trong một terminal"
        );
    }
    let first =
        rpassword::prompt_password("Mật khẩu quản trị: ").context("không đọc được mật khẩu")?;
    let again =
        rpassword::prompt_password("Nhập lại mật khẩu: ").context("không đọc được mật khẩu")?;
    if first != again {
        bail!("hai lần nhập mật khẩu không khớp");
    }
    Ok(first)
}
