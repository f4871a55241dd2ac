# `sticky docs` 的全部用语（中文）：每段运行记录、每张图各一行，以及最后的
# 总结。{ $花括号 } 里的内容由程序填入，请保留。编号与 i18n/en/docs.ftl
# 一一对应；不一致时测试（cargo test --bin sticky transcript）会失败。

up-to-date = { $name }：`sticky { $command }` 与程序的输出一致
differs = { $name }：`sticky { $command }` 与程序的输出不同：{ $difference }
difference = 这段记录的第 { $n } 行：文档里是 { $docs }，程序打印的是 { $program }
nothing = （没有这一行）
no-transcripts = { $dir } 里没有找到运行记录
picture-up-to-date = { $name }：`sticky { $command } --svg` 与程序画的一致
picture-differs = { $name }：`sticky { $command } --svg` 与 { $target } 不同
rewritten = 已重写 { $n } 段运行记录和图
out-of-date = { $dir } 里有 { $n } 段运行记录已过时；用 `cargo run -- docs --write` 重新生成
