"""Logging in and using the Data page's upload in the browser (tests and bench)."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By

from tests.browser.mappage import MapPage


class UploadPage(MapPage):
    def login(self, navn: str, password: str, next_path: str = "/data") -> None:
        self.driver.get(f"{self.base}/login?next={next_path}")
        self.driver.find_element(By.ID, "navn").send_keys(navn)
        self.driver.find_element(By.ID, "adgangskode").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
        self.wait(
            lambda: self.driver.find_elements(By.ID, "logged-in-as"), timeout=30, what="logget ind"
        )

    def open_data(self) -> None:
        self.driver.get(f"{self.base}/data")
        self.wait(
            lambda: self.driver.find_elements(By.CSS_SELECTOR, "#data-write-upload input"),
            timeout=30,
            what="uploadfeltet",
        )
        self.wait_idle()

    def upload(self, path: Path) -> None:
        """Pick a file as the file dialog would, and wait for its preview."""
        field = self.driver.find_element(By.CSS_SELECTOR, "#data-write-upload input[type=file]")
        field.send_keys(str(path))
        self.wait(
            lambda: any(
                e.text.startswith(path.name + ":")
                for e in self.driver.find_elements(
                    By.CSS_SELECTOR, "#data-problems-summary, #data-changes-summary"
                )
            ),
            timeout=60,
            what=f"prøvekørslen af {path.name}",
        )
        self.wait_idle()

    def text_of(self, selector: str) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, selector).text

    def click(self, selector: str) -> None:  # type: ignore[override]
        element = self.driver.find_element(By.CSS_SELECTOR, selector)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        self.driver.execute_script("arguments[0].click()", element)

    def wait_for_result(self, contains: str) -> str:
        return self.wait(
            lambda: (
                contains in self.text_of("#data-write-result")
                and self.text_of("#data-write-result")
            ),
            timeout=60,
            what=f"'{contains}'",
        )

    def logout(self) -> None:
        self.wait(lambda: self.driver.find_elements(By.ID, "logout-button"), what="'Log ud'")
        self.click("#logout-button")
        self.wait(
            lambda: self.driver.find_elements(By.ID, "login-link"),
            timeout=30,
            what=lambda: (
                f"logget ud ({self.driver.current_url}: "
                f"{self.driver.find_element(By.TAG_NAME, 'body').text[:300]!r})"
            ),
        )
