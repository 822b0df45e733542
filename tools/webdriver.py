"""A small W3C WebDriver client over chromedriver, for the benchmarks that drive Chromium
(the tests use fantoccini)."""
import json
import subprocess
import time
import urllib.request

from benchlib import free_port


class Chromium:
    def __init__(self, width=1280, height=900):
        self.port = free_port()
        self.driver = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}", "--lang=vi"]
        for _ in range(100):
            try:
                answer = self._req("POST", "/session", {"capabilities": {"alwaysMatch": {
                    "goog:chromeOptions": {"args": args}}}})
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("chromedriver did not start")
        self.session = answer["value"]["sessionId"]

    def _req(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as r:
            return json.loads(r.read())

    def _s(self, method, path, body=None):
        return self._req(method, f"/session/{self.session}{path}", body)

    def go(self, url):
        self._s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self._s("POST", "/execute/sync", {"script": script, "args": list(args)})["value"]

    def element(self, css):
        return list(self._s("POST", "/element", {"using": "css selector", "value": css})["value"].values())[0]

    def type(self, css, text):
        self._s("POST", f"/element/{self.element(css)}/value", {"text": text})

    def click(self, css):
        self._s("POST", f"/element/{self.element(css)}/click", {})

    def wait(self, script, timeout=30):
        start = time.time()
        while time.time() - start < timeout:
            if self.js(script):
                return
            time.sleep(0.05)
        raise SystemExit(f"timed out waiting for: {script}")

    def quit(self):
        try:
            self._req("DELETE", f"/session/{self.session}")
        finally:
            self.driver.terminate()
            self.driver.wait()
