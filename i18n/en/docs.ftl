# The words of `sticky docs` (English): a line per transcript and picture,
# and what the command says at the end. The Chinese is in i18n/zh/docs.ftl;
# a test (cargo test --bin sticky transcript) fails when the two differ.

up-to-date = { $name }: `sticky { $command }` is up to date
differs = { $name }: `sticky { $command }` differs: { $difference }
difference = line { $n } of the block: docs say { $docs }, the program prints { $program }
nothing = (nothing)
no-transcripts = no transcripts found in { $dir }
picture-up-to-date = { $name }: `sticky { $command } --svg` is up to date
picture-differs = { $name }: `sticky { $command } --svg` differs from { $target }
rewritten = { $n } transcript(s) and picture(s) rewritten
out-of-date = { $n } transcript(s) out of date in { $dir }; regenerate with `cargo run -- docs --write`
