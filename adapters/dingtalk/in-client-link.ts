// A link into the workbench from DingTalk opens inside the client: dingtalk://dingtalkclient/page/link
// ?url=<encoded>&pc_slide=true (DingTalk's 统一跳转协议, "消息链接在PC端侧边栏或浏览器打开") opens the page in
// DingTalk's own webview — on a PC in the side panel — where the page's JSAPI (requestAuthCode, 免登)
// works; a plain https link opens the system browser on a PC, which has no JSAPI.
export function inClient(url: string): string {
  return `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(url)}&pc_slide=true`;
}
