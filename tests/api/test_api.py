from sanad.common.permissions import Role


def test_it_answers_health_without_authentication(client, db):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_publishes_an_openapi_document_to_a_signed_in_user(client, make_user):
    client.force_login(make_user("salka", Role.FACILITY_STAFF))

    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Sanad API"


def test_every_operation_documents_the_errors_any_request_may_meet(client, make_user):
    client.force_login(make_user("salka", Role.FACILITY_STAFF))

    document = client.get("/api/v1/openapi.json").json()

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "409", "413", "422", "429"):
                answer = operation["responses"][status]
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
    assert set(document["components"]["schemas"]["ErrorOut"]["required"]) == {"code", "field", "message"}
