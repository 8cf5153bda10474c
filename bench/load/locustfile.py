"""The load run's users (bench/load/run.sh): 40 Board members reading the dashboard, the
presentation view and indicator pages; 10 officers entering and submitting returns through
the API, each return once; 2 performance leads approving what is submitted (each lead its own
half, so they never race for one return). Every non-2xx answer is a failure."""

import json
import os
import random
from itertools import count

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())
_board, _officers, _leads = count(), count(), count()


class BoardMember(HttpUser):
    fixed_count = 40
    wait_time = between(2, 5)

    def on_start(self):
        cookie = DATA["board"][next(_board) % len(DATA["board"])]
        self.client.headers["Cookie"] = f"sessionid={cookie}"

    @task(4)
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")

    @task(2)
    def indicator(self):
        code = random.choice(DATA["indicators"])
        self.client.get(f"/indicators/{code}/", name="/indicators/[code]/")

    @task(1)
    def presentation(self):
        self.client.get("/dashboard/present/?slide=1", name="/dashboard/present/")

    @task(1)
    def dashboard_api(self):
        self.client.get("/api/dashboard/", name="/api/dashboard/")


class Officer(HttpUser):
    fixed_count = 10
    wait_time = between(1, 2)

    def on_start(self):
        me = DATA["officers"][next(_officers) % len(DATA["officers"])]
        self.client.headers["Authorization"] = f"Token {me['token']}"
        self.todo = list(me["work"])

    @task
    def enter_and_submit(self):
        if not self.todo:
            self.client.get("/api/returns/?status=submitted", name="/api/returns/")
            return
        indicator, period, value = self.todo.pop()
        made = self.client.post(
            "/api/returns/",
            json={
                "indicator": indicator,
                "period": period,
                "value": value,
                "commentary": "Load test figure.",
            },
            name="/api/returns/ (create)",
        )
        if made.status_code == 201:
            self.client.post(
                f"/api/returns/{made.json()['id']}/submit/",
                json={},
                name="/api/returns/[id]/submit/",
            )


class Lead(HttpUser):
    fixed_count = 2
    wait_time = between(1, 2)

    def on_start(self):
        self.me = next(_leads) % 2
        self.client.headers["Authorization"] = f"Token {DATA['leads'][self.me]}"

    @task
    def approve(self):
        listed = self.client.get(
            "/api/returns/?status=submitted&limit=20", name="/api/returns/?status=submitted"
        )
        if listed.status_code != 200:
            return
        for ret in listed.json()["results"]:
            if ret["id"] % 2 == self.me:
                self.client.post(
                    f"/api/returns/{ret['id']}/approve/",
                    json={"version": ret["version"]},
                    name="/api/returns/[id]/approve/",
                )
                return
