# 演示 01 tcp-echo 的全部用语（中文）。
#
# 每行一条：`编号 = 文字`。{ $花括号 } 里的内容由程序填入（地址、字节数、
# 收到的字节），请保留。编号与 i18n/en/demo01.ftl 一一对应；两个文件的
# 编号或变量不一致时，测试（cargo test --bin sticky i18n）会失败。
# 术语以 docs/zh/glossary.md 为准。

listening = 服务端：已绑定并监听 { $addr }
serving = 服务端：正在监听 { $addr }（按 Ctrl-C 停止）
accepted = 服务端：接受了一个连接，来自 { $peer }
connected = 客户端：已连接到 { $addr }
type-lines = 客户端：已连接到 { $addr }；请输入几行文字，按 Ctrl-D 结束
# 两个标签后面补了空格，让发出的行和回显的行对齐。
sending = 客户端：发送      { $line }
got-back = 客户端：收到回显  { $line }
# $n 右对齐，占三列。
read = 服务端：从 { $peer } 读到 { $n } 字节：{ $bytes }
closed = 服务端：{ $peer } 关闭了连接
quiet = 服务端：{ $peer } 的读已超过 { $shown } 次；之后只计数，不再显示
summary = 服务端：{ $peer } 共发来 { $bytes } 字节，分 { $reads } 次读到，全部已回显
all-echoed = 完成：每一行都原样回来了
