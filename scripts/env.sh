# Sourced by the scripts: the tools bootstrap installed, on PATH.
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
