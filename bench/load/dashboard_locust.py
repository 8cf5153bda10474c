"""20 clients asking for one URL as fast as answers come (no think time): the dashboard, or
its floor (bench/load/dashboard_scale.sh sets LOAD_URL and LOAD_COOKIE)."""

import os

from locust import HttpUser, constant, task


class Client(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.client.headers["Cookie"] = f"sessionid={os.environ['LOAD_COOKIE']}"

    @task
    def page(self):
        self.client.get(os.environ["LOAD_URL"], name=os.environ["LOAD_URL"])
