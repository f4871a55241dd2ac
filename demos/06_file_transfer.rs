use std::net::SocketAddr;
use sticky::cli::DemoOpts;
use sticky::Result;
pub fn run(_: &DemoOpts) -> Result<()> {
    Err(sticky::Error::Usage("todo".into()))
}
pub fn serve(_: SocketAddr, _: Option<usize>, _: &DemoOpts) -> Result<()> {
    Err(sticky::Error::Usage("todo".into()))
}
pub fn connect(_: SocketAddr, _: &DemoOpts) -> Result<()> {
    Err(sticky::Error::Usage("todo".into()))
}
