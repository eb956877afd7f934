"""Answers the API's own 405 (wrong method) in the API's JSON error format instead of Django's empty page."""

import json

from django.http import HttpResponse

API_PREFIX = "/api/"


class ApiMethodNotAllowed:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.path.startswith(API_PREFIX):
            body = {
                "kode": "metode_tidak_didukung",
                "pesan": f"Metode {request.method} tidak didukung untuk alamat ini.",
                "galat": [],
            }
            json_response = HttpResponse(json.dumps(body), status=405, content_type="application/json")
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response
