"""HCX's error shape: `{"error": {"code": "ERR_…", "message": …, "trace": null}}` with HCX's codes, the
message in the caller's language. Protocol faults are answered at once (400 or 401); a fault of the
bundle found later goes back in the callback (`x-hcx-status: response.error`)."""

from __future__ import annotations

from django.http import JsonResponse


class HcxError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, str(message)

    def details(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "trace": None}


def error_response(error: HcxError) -> JsonResponse:
    return JsonResponse(
        {"error": error.details()}, status=error.status, json_dumps_params={"ensure_ascii": False}
    )


# A refusal of the FHIR services (its HTTP status) as HCX's code in an error callback.
DOMAIN_CODES = {
    400: "ERR_INVALID_DOMAIN_PAYLOAD",
    403: "ERR_ACCESS_DENIED",
    404: "ERR_INVALID_DOMAIN_PAYLOAD",
}
DOMAIN_PROCESSING = "ERR_DOMAIN_PROCESSING"
