def test_login(client):
    # the fixture user has the password 'hunter22'
    r = client.post("/login", data={"user": "alice", "password": "hunter22"})
