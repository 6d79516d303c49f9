package demo

// SpecPath is where the demo repository keeps its OpenAPI spec.
const SpecPath = "api/openapi.yaml"

// Spec is the demo's OpenAPI spec. It has, on purpose: an unauthenticated
// admin export, an invite endpoint with no role, a member endpoint shaped
// for broken object-level authorization, a mass-assignable role, unbounded
// inputs, and an http:// server.
const Spec = `openapi: 3.0.3
info:
  title: Community platform API
  version: 1.4.0
servers:
  - url: http://api.community.example
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
  schemas:
    Member:
      type: object
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
        email: {type: string, format: email}
        role: {type: string, enum: [member, staff, admin]}
    MemberUpdate:
      type: object
      properties:
        name: {type: string}
        bio: {type: string}
        role: {type: string}
security:
  - bearerAuth: []
paths:
  /auth/login:
    post:
      operationId: login
      security: []
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                email: {type: string, format: email}
                password: {type: string}
      responses:
        "200": {description: a session token}
  /admin/members/export:
    get:
      operationId: exportMembers
      summary: Export every member with contact details
      security: []
      responses:
        "200":
          description: all members
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Member"}
  /invites:
    post:
      operationId: inviteMember
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                email: {type: string, format: email}
                note: {type: string}
      responses:
        "201": {description: invited}
  /members/{memberId}:
    get:
      operationId: getMember
      parameters:
        - {name: memberId, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: a member
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Member"}
    patch:
      operationId: updateMember
      parameters:
        - {name: memberId, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/MemberUpdate"}
      responses:
        "200": {description: updated}
`
