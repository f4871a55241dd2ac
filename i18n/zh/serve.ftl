# 每个 `sticky serve N` 关于客户端打印的通用行，与演示无关（中文）。英文在
# i18n/en/serve.ftl；两个文件的消息或变量不一致时，测试（cargo test --bin
# sticky served）会失败。

# 客户端线程打印的每一行前面加上的标签。
client-label = 客户端 #{ $id } { $peer }：
refused-full = 服务端：拒绝了 { $peer }：已有 { $max } 个客户端连着，达到上限
refused-address-full = 服务端：拒绝了 { $peer }：来自 { $ip } 的客户端已有 { $max } 个，达到单个地址的上限
room-again = 服务端：{ $peer } 走了，又可以再接一个客户端
more-clients = 服务端：{ $secs } 秒内又有 { $n } 个客户端从 { $ip } 连进来（不再逐个显示）
more-refused = 服务端：{ $secs } 秒内又拒绝了来自 { $ip } 的 { $n } 个连接
lines-left-out = 服务端：为了屏幕看得清，省略了 { $n } 行
totals = 服务端：已停止；服务了 { $served } 个客户端（其中 { $failed } 个出错），拒绝了 { $refused } 个
setup-failed = 服务端：关闭了 { $peer }：设置超时失败：{ $error }
accept-failed = 服务端：accept 失败：{ $error }；{ $secs } 秒后再试
