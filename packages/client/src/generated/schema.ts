// Generated from openapi.json by `npm run generate:client` (openapi-typescript). Do not edit.
export interface paths {
    "/admin/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List organizations */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["Organization"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an organization (tenant) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        quotas?: {
                            max_concurrent_jobs?: number | null;
                            max_queued_jobs?: number | null;
                            monthly_trained_tokens?: number | null;
                            storage_bytes?: number | null;
                            requests_per_minute?: number | null;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organization"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/organizations/{org_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve an organization */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organization"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/organizations/{org_id}/quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set an organization's quotas (null = unlimited; omitted = unchanged) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        max_concurrent_jobs?: number | null;
                        max_queued_jobs?: number | null;
                        monthly_trained_tokens?: number | null;
                        storage_bytes?: number | null;
                        requests_per_minute?: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organization"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/organizations/{org_id}/api_keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List an organization's API keys */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["ApiKey"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Issue an API key (the key is shown only in this response) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default default */
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedApiKey"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/organizations/{org_id}/api_keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (takes effect on the next request, on every API replica) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                    key_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a user account and sign in (sets the session cookie; rate limited per IP) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password (rate limited per account and per IP) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user, the CSRF token and their organizations */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out (revokes the session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation sent to your email address */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MembershipSummary"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an organization; you become its owner */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MembershipSummary"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/organizations/{org_id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An organization's members and their roles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["Member"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/organizations/{org_id}/members/{member_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member (owners only) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                    member_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a member's role (owners only; the last owner stays an owner) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                    member_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        role: components["schemas"]["MemberRoleInput"];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/account/v1/organizations/{org_id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invitations (owners only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["Invitation"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Invite someone by email (owners only); the token is shown only in this response */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        role?: components["schemas"]["MemberRoleInput"];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedInvitation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/organizations/{org_id}/invitations/{invitation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an invitation (owners only) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                    invitation_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invitation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/organizations/{org_id}/api_keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's API keys (last four characters only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["ApiKey"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an API key (owners only); the key is shown only in this response */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default default */
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedApiKey"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/v1/organizations/{org_id}/api_keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (owners only) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org_id: string;
                    key_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List catalogued base models (every organization; organization=public or an org id to filter) */
        get: {
            parameters: {
                query?: {
                    organization?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["CatalogueModel"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Import a base model from a Hugging Face folder (multipart: one part per file, plus name, organization?, display_name?, license?, worker_class?)
         * @description Each file part carries the file name (config.json, model.safetensors or the shards and model.safetensors.index.json, tokenizer.json, tokenizer_config.json, ...). Everything is checked before anything is stored: a bad folder answers 400 invalid_model_folder with every problem in error.problems ({file, field, reason}) and leaves nothing behind. Files are stored under a content-addressed prefix and verified; the catalogue entry is written last. Without organization the model is public. Importing the same content under the same name again returns the existing entry (created: false); other content under a taken name is 409 model_exists.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description catalogue row id (model-...), used by the admin routes */
                            id: string;
                            /** @enum {string} */
                            object: "catalogue.model";
                            name: string;
                            /** @description null: public */
                            organization_id: string | null;
                            display_name: string | null;
                            license: string | null;
                            architecture: string;
                            parameter_count: number;
                            context_length: number;
                            storage_prefix: string;
                            content_digest: string | null;
                            files: {
                                name: string;
                                bytes: number;
                                sha256: string;
                            }[];
                            total_bytes: number;
                            resources: {
                                worker_class: string;
                                min_memory_gb: number;
                            };
                            deprecated_at: number | null;
                            replaced_by: string | null;
                            created_at: number;
                            created: boolean;
                            skipped_files: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelImportRefusal"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/models/{model_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a catalogued base model */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    model_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CatalogueModel"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a base model no job references (409 model_in_use otherwise: deprecate it instead), with its stored files */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    model_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description catalogue row id (model-...), used by the admin routes */
                            id: string;
                            /** @enum {string} */
                            object: "catalogue.model";
                            name: string;
                            /** @description null: public */
                            organization_id: string | null;
                            display_name: string | null;
                            license: string | null;
                            architecture: string;
                            parameter_count: number;
                            context_length: number;
                            storage_prefix: string;
                            content_digest: string | null;
                            files: {
                                name: string;
                                bytes: number;
                                sha256: string;
                            }[];
                            total_bytes: number;
                            resources: {
                                worker_class: string;
                                min_memory_gb: number;
                            };
                            deprecated_at: number | null;
                            replaced_by: string | null;
                            created_at: number;
                            /** @enum {boolean} */
                            deleted: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/models/{model_id}/deprecate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deprecate a base model: new jobs are refused (400 model_deprecated, naming replaced_by); queued and running jobs finish */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    model_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        replaced_by?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CatalogueModel"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/models/{model_id}/undeprecate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept new jobs for a deprecated model again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    model_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CatalogueModel"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's organization with quotas and current usage */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            object: "organization";
                            name: string;
                            quotas: components["schemas"]["Quotas"];
                            created_at: number;
                            usage: components["schemas"]["Usage"];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organization/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Usage this month and live counts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Usage"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List files (newest first, cursor pagination) */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    limit?: number;
                    order?: "asc" | "desc";
                    purpose?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["File"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Upload a JSONL dataset (multipart: file, purpose=fine-tune, optional expires_after[anchor]=created_at and expires_after[seconds]) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["File"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{file_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a file */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    file_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["File"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a file (409 while an active job uses it) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    file_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeletedFile"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{file_id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a file's content (streamed) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    file_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file bytes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{file_id}/validation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The full validation report: errors (line, field, code), warnings, statistics, cost estimate */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    file_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FileValidation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List base models you can fine-tune and your fine-tuned models */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["Model"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a base or fine-tuned model */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Model"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a fine-tuned model (its files are removed; the job keeps its record) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeletedModel"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List fine-tuning jobs (newest first; filter with status and metadata[key]=value) */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    limit?: number;
                    status?: "validating_files" | "queued" | "running" | "pausing" | "paused" | "succeeded" | "failed" | "cancelled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["FineTuningJob"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a fine-tuning job (dry_run=true resolves and estimates without creating) */
        post: {
            parameters: {
                query?: {
                    dry_run?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateFineTuningJobRequestInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FineTuningJob"] | components["schemas"]["FineTuningJobDryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a fine-tuning job (with queue position when queued) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FineTuningJob"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a job (a running job stops within one step) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FineTuningJob"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a job (a running job checkpoints and frees its worker) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FineTuningJob"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused job from its latest checkpoint */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FineTuningJob"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's events: paginated (newest first), or a live Server-Sent Events stream with stream=true */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    limit?: number;
                    stream?: "true" | "false";
                };
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["FineTuningJobEvent"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's checkpoints with their metrics (newest first) */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["FineTuningJobCheckpoint"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per-step metric time series for dashboards (names=train_loss,valid_loss to select; after_step and limit to page) */
        get: {
            parameters: {
                query?: {
                    names?: string;
                    after_step?: number;
                    limit?: number;
                };
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: {
                                step: number;
                                values: {
                                    [key: string]: number;
                                };
                            }[];
                            /** @description More steps follow: ask again with after_step = the last step of this page */
                            has_more: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}/metrics.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The metrics as CSV: step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy, then DPO columns */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download links for the trained adapter (PEFT folder) or full model, the metrics CSV and the evaluation report */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FineTuningJobResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints/{checkpoint_id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Presigned download links (1 hour) for one checkpoint's files: trainable tensors, optimizer state, manifest */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fine_tuning_job_id: string;
                    checkpoint_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FineTuningJobCheckpointFiles"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List endpoints (newest first) */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["WebhookEndpoint"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Register an endpoint; the response carries its signing secret, shown only this once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description https URL that receives POSTed events */
                        url: string;
                        description?: string | null;
                        /** @description Event types, wildcards such as fine_tuning.job.*, or *; empty or omitted = every event */
                        event_types?: string[];
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpoint_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve an endpoint */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpoint_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpoint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an endpoint and its delivery history */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpoint_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeletedWebhookEndpoint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change url, description, event types or enabled */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpoint_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description https URL that receives POSTed events */
                        url?: string;
                        description?: string | null;
                        /** @description Event types, wildcards such as fine_tuning.job.*, or *; empty or omitted = every event */
                        event_types?: string[];
                        /** @description true re-enables an endpoint the platform disabled (and clears disabled_reason) */
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpoint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpoint_id}/rotate_secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new signing secret (shown once); the old one also signs during the grace period */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpoint_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the old secret keeps signing alongside the new one (default 86400; 0 = retire it now) */
                        grace_period_seconds?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpoint_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a webhook.test event to this endpoint; returns the delivery to watch */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpoint_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDelivery"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpoint_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-send every failed delivery created since a time (in batches; repeat while has_more) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpoint_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Unix seconds: replay every failed delivery created at or after this time */
                        since: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookReplayResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpoint_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The endpoint's deliveries (newest first): status, attempts, last status code and latency, next retry */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    limit?: number;
                    status?: "pending" | "succeeded" | "failed";
                };
                header?: never;
                path: {
                    endpoint_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            data: components["schemas"]["WebhookDelivery"][];
                            has_more: boolean;
                            first_id: string | null;
                            last_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpoint_id}/deliveries/{delivery_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A delivery with its event and every attempt */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpoint_id: string;
                    delivery_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDeliveryDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpoint_id}/deliveries/{delivery_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-send one delivery now (same event id, so receivers can deduplicate) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpoint_id: string;
                    delivery_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDelivery"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        QuotasInput: {
            max_concurrent_jobs: number | null;
            max_queued_jobs: number | null;
            monthly_trained_tokens: number | null;
            storage_bytes: number | null;
            requests_per_minute: number | null;
        };
        OrganizationInput: {
            id: string;
            /** @constant */
            object: "organization";
            name: string;
            quotas: components["schemas"]["QuotasInput"];
            created_at: number;
        };
        ApiKeyInput: {
            id: string;
            /** @constant */
            object: "api_key";
            name: string;
            last4: string;
            created_at: number;
            last_used_at: number | null;
            revoked_at: number | null;
        };
        CreatedApiKeyInput: {
            id: string;
            /** @constant */
            object: "api_key";
            name: string;
            last4: string;
            created_at: number;
            last_used_at: number | null;
            revoked_at: number | null;
            key: string;
        };
        UsageInput: {
            period_start: number;
            trained_tokens: number;
            training_seconds: number;
            storage_bytes: number;
            files: number;
            running_jobs: number;
            queued_jobs: number;
        };
        /**
         * @description owner: everything; member: create, cancel, delete; viewer: read only
         * @enum {string}
         */
        MemberRoleInput: "owner" | "member" | "viewer";
        UserInput: {
            id: string;
            /** @constant */
            object: "user";
            email: string;
            name: string | null;
            created_at: number;
        };
        MembershipSummaryInput: {
            organization: components["schemas"]["OrganizationInput"];
            role: components["schemas"]["MemberRoleInput"];
        };
        SessionInput: {
            /** @constant */
            object: "session";
            user: components["schemas"]["UserInput"];
            /** @description Send as x-csrf-token on every request that changes something */
            csrf_token: string;
            expires_at: number;
            organizations: components["schemas"]["MembershipSummaryInput"][];
        };
        MemberInput: {
            id: string;
            /** @constant */
            object: "organization.member";
            user_id: string;
            email: string;
            name: string | null;
            role: components["schemas"]["MemberRoleInput"];
            created_at: number;
        };
        InvitationInput: {
            id: string;
            /** @constant */
            object: "organization.invitation";
            email: string;
            role: components["schemas"]["MemberRoleInput"];
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked" | "expired";
            created_at: number;
            expires_at: number;
        };
        CreatedInvitationInput: {
            id: string;
            /** @constant */
            object: "organization.invitation";
            email: string;
            role: components["schemas"]["MemberRoleInput"];
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked" | "expired";
            created_at: number;
            expires_at: number;
            /** @description Shown only in this response: the invitee accepts with it */
            token: string;
        };
        ErrorInput: {
            error: {
                message: string;
                type: string;
                param: string | null;
                code: string | null;
                request_id?: string;
            };
        };
        BaseModelInput: {
            id: string;
            /** @constant */
            object: "model";
            created: number;
            /** @description "whetstone" for public models, else the organization the model is private to */
            owned_by: string;
            /** @constant */
            kind: "base";
            display_name: string | null;
            /** @enum {string} */
            visibility: "public" | "private";
            architecture: string;
            parameter_count: number;
            context_length: number;
            /** @description lora, full, dpo */
            supported_methods: string[];
            /** @description USD per 1M trained tokens (PRICE_TABLE); null when not configured */
            training_price_per_1m_tokens: number | null;
            license: string | null;
            /** @description deprecated models refuse new jobs (400 model_deprecated); existing jobs finish */
            deprecated: boolean;
            replaced_by: string | null;
            resources: {
                worker_class: string;
                min_memory_gb: number;
            };
        };
        FineTunedModelInput: {
            /** @description ft:<base>:<org>:<suffix>:<job id> */
            id: string;
            /** @constant */
            object: "model";
            created: number;
            owned_by: string;
            /** @constant */
            kind: "fine_tuned";
            /** @description the base model it was trained from */
            parent: string;
            fine_tuning_job: string;
            /** @description lora_adapter or full_weights */
            artifact: string;
            /** @description the fine-tuned model or checkpoint its job continued from (warm start); null when trained from the base model */
            parent_model: string | null;
            /** @description what it descends from, oldest first: the base model, then each warm start parent */
            lineage: string[];
        };
        ModelInput: components["schemas"]["BaseModelInput"] | components["schemas"]["FineTunedModelInput"];
        DeletedModelInput: {
            id: string;
            /** @constant */
            object: "model";
            /** @constant */
            deleted: true;
        };
        CatalogueModelInput: {
            /** @description catalogue row id (model-...), used by the admin routes */
            id: string;
            /** @constant */
            object: "catalogue.model";
            name: string;
            /** @description null: public */
            organization_id: string | null;
            display_name: string | null;
            license: string | null;
            architecture: string;
            parameter_count: number;
            context_length: number;
            storage_prefix: string;
            content_digest: string | null;
            files: {
                name: string;
                bytes: number;
                sha256: string;
            }[];
            total_bytes: number;
            resources: {
                worker_class: string;
                min_memory_gb: number;
            };
            deprecated_at: number | null;
            replaced_by: string | null;
            created_at: number;
        };
        ModelImportRefusalInput: {
            error: {
                message: string;
                type: string;
                param: string | null;
                code: string | null;
                request_id?: string;
                problems?: {
                    file: string;
                    field: string | null;
                    reason: string;
                }[];
            };
        };
        FileInput: {
            id: string;
            /** @constant */
            object: "file";
            bytes: number;
            created_at: number;
            filename: string;
            purpose: string;
            /** @enum {string} */
            status: "uploaded" | "validating" | "processed" | "error";
            status_details: string | null;
            format: string | null;
            sha256: string | null;
            validation: {
                ok: boolean;
                format: ("chat" | "prompt_completion" | "preference" | "preference_trl") | null;
                examples: number;
                error_count: number;
                warning_codes: ("too_few_examples" | "duplicate_examples" | "exceeds_context" | "empty_system_prompt" | "empty_content" | "last_message_not_assistant" | "unknown_fields" | "unbalanced_lengths" | "preference_length_bias")[];
                total_tokens: number | null;
                trained_tokens_per_epoch: number | null;
                loss_tokens_per_epoch?: number | null;
                status_details: string | null;
            } | null;
            expires_at: number | null;
        };
        FileValidationInput: {
            /** @constant */
            object: "file.validation";
            file_id: string;
            /** @enum {string} */
            status: "uploaded" | "validating" | "processed" | "error";
            report: {
                /** @constant */
                object: "file.validation";
                format: ("chat" | "prompt_completion" | "preference" | "preference_trl") | null;
                examples: number;
                lines: {
                    total: number;
                    blank: number;
                    invalid: number;
                };
                errors: {
                    items: {
                        line: number | null;
                        pointer: string;
                        /** @enum {string} */
                        code: "empty_file" | "invalid_utf8" | "line_too_long" | "invalid_json" | "too_deep" | "not_an_object" | "unknown_format" | "mixed_formats" | "wrong_type" | "missing_field" | "lone_surrogate" | "missing_messages" | "empty_messages" | "missing_role" | "invalid_role" | "missing_content" | "invalid_content_type" | "unsupported_content_part" | "invalid_weight" | "invalid_tool_calls" | "tools_not_supported" | "no_assistant_message" | "no_trained_messages" | "preference_output_not_assistant" | "invalid_preference_output_length" | "identical_preference_outputs" | "insufficient_examples";
                        message: string;
                    }[];
                    counts: {
                        [key: string]: number;
                    };
                    total: number;
                    truncated: boolean;
                };
                warnings: {
                    /** @enum {string} */
                    code: "too_few_examples" | "duplicate_examples" | "exceeds_context" | "empty_system_prompt" | "empty_content" | "last_message_not_assistant" | "unknown_fields" | "unbalanced_lengths" | "preference_length_bias";
                    message: string;
                    count: number;
                    lines: number[];
                    related_lines?: number[];
                }[];
                statistics: {
                    /** @enum {string} */
                    length_unit: "tokens" | "characters";
                    length: {
                        total: number;
                        min: number;
                        max: number;
                        mean: number;
                        p50: number;
                        p95: number;
                        p99: number;
                    } | null;
                    histogram: {
                        min: number;
                        max: number | null;
                        count: number;
                    }[];
                    messages_per_example: {
                        min: number;
                        max: number;
                        mean: number;
                    } | null;
                    trained_tokens_per_epoch: number | null;
                    loss_tokens_per_epoch?: number | null;
                    epochs: number;
                    estimated_trained_tokens: number | null;
                    estimated_cost: {
                        model: string;
                        usd_per_million_trained_tokens: number;
                        usd: number;
                    }[] | null;
                    examples_exceeding_context: number | null;
                    context_length: number | null;
                };
                ok: boolean;
            } | null;
        };
        DeletedFileInput: {
            id: string;
            /** @constant */
            object: "file";
            /** @constant */
            deleted: true;
        };
        CreateFineTuningJobRequestInput: {
            model: string;
            training_file: string;
            validation_file?: string | null;
            suffix?: string | null;
            seed?: number | null;
            metadata?: {
                [key: string]: string;
            } | null;
            method?: ({
                /** @constant */
                type: "supervised";
                supervised?: {
                    hyperparameters?: {
                        n_epochs?: "auto" | number;
                        batch_size?: "auto" | number;
                        learning_rate_multiplier?: "auto" | number;
                        /** @enum {string} */
                        learning_rate_scheduler?: "constant" | "linear" | "cosine";
                        warmup_ratio?: number;
                        warmup_steps?: number;
                        weight_decay?: number;
                        /** @description 0 turns gradient clipping off */
                        max_grad_norm?: number;
                        max_seq_length?: number;
                        gradient_accumulation_steps?: number;
                        /** @description Stop after this many optimizer steps */
                        max_steps?: number;
                    } | null;
                } | null;
            } | {
                /** @constant */
                type: "dpo";
                dpo?: {
                    hyperparameters?: {
                        n_epochs?: "auto" | number;
                        batch_size?: "auto" | number;
                        learning_rate_multiplier?: "auto" | number;
                        /** @enum {string} */
                        learning_rate_scheduler?: "constant" | "linear" | "cosine";
                        warmup_ratio?: number;
                        warmup_steps?: number;
                        weight_decay?: number;
                        /** @description 0 turns gradient clipping off */
                        max_grad_norm?: number;
                        max_seq_length?: number;
                        gradient_accumulation_steps?: number;
                        /** @description Stop after this many optimizer steps */
                        max_steps?: number;
                        beta?: "auto" | number;
                        /** @enum {string} */
                        loss_type?: "sigmoid" | "ipo" | "hinge";
                        label_smoothing?: number;
                    } | null;
                } | null;
            }) | null;
            hyperparameters?: {
                n_epochs?: "auto" | number;
                batch_size?: "auto" | number;
                learning_rate_multiplier?: "auto" | number;
                /** @enum {string} */
                learning_rate_scheduler?: "constant" | "linear" | "cosine";
                warmup_ratio?: number;
                warmup_steps?: number;
                weight_decay?: number;
                /** @description 0 turns gradient clipping off */
                max_grad_norm?: number;
                max_seq_length?: number;
                gradient_accumulation_steps?: number;
                /** @description Stop after this many optimizer steps */
                max_steps?: number;
            } | null;
            integrations?: ({
                type: string;
            } & {
                [key: string]: unknown;
            })[] | null;
            training_type?: {
                /** @constant */
                type: "lora";
                /** @default 8 */
                r: number;
                /** @default 16 */
                alpha: number;
                /** @default 0.05 */
                dropout: number;
                /**
                 * @default [
                 *       "q_proj",
                 *       "v_proj"
                 *     ]
                 */
                target_modules: "all-linear" | ("q_proj" | "k_proj" | "v_proj" | "o_proj" | "gate_proj" | "up_proj" | "down_proj")[];
            } | {
                /** @constant */
                type: "full";
            };
            /** @description Held-out fraction when no validation file is given (default 0.1) */
            validation_split?: number;
            /** @description Validate every N steps (0: only at the end) */
            eval_interval?: number;
            /** @description Checkpoint every N steps (0: only at the end) */
            checkpoint_interval?: number;
            early_stopping?: {
                patience: number;
                /** @default 0 */
                min_delta: number;
                /**
                 * @default valid_loss
                 * @constant
                 */
                metric: "valid_loss";
            };
            /** @enum {string} */
            checkpoint_selection?: "last" | "best";
            eval_metrics?: ({
                /** @constant */
                type: "exact_match";
                name?: string;
                /** @default true */
                trim: boolean;
                /** @default false */
                ignoreCase: boolean;
            } | {
                /** @constant */
                type: "contains";
                name?: string;
                value: string;
                /** @default false */
                ignoreCase: boolean;
            } | {
                /** @constant */
                type: "regex_match";
                name?: string;
                pattern: string;
                /** @default  */
                flags: string;
                /**
                 * @default search
                 * @enum {string}
                 */
                mode: "search" | "full";
            } | {
                /** @constant */
                type: "json_valid";
                name?: string;
                /** @default false */
                objectOnly: boolean;
            } | {
                /** @constant */
                type: "json_schema_valid";
                name?: string;
                schema: {
                    [key: string]: unknown;
                } | boolean;
            } | {
                /** @constant */
                type: "max_length";
                name?: string;
                max: number;
                /**
                 * @default chars
                 * @enum {string}
                 */
                unit: "chars" | "tokens";
            })[];
            /** @description Higher runs first among your own queued jobs */
            priority?: number;
        };
        FineTuningJobInput: {
            id: string;
            /** @constant */
            object: "fine_tuning.job";
            created_at: number;
            error: {
                code: string;
                message: string;
                param: string | null;
            } | null;
            fine_tuned_model: string | null;
            finished_at: number | null;
            hyperparameters: {
                [key: string]: unknown;
            };
            model: string;
            organization_id: string;
            result_files: string[];
            seed: number;
            /** @enum {string} */
            status: "validating_files" | "queued" | "running" | "pausing" | "paused" | "succeeded" | "failed" | "cancelled";
            trained_tokens: number | null;
            training_file: string;
            validation_file: string | null;
            estimated_finish: number | null;
            integrations: unknown[];
            metadata: {
                [key: string]: string;
            } | null;
            user_provided_suffix: string | null;
            method: {
                [key: string]: unknown;
            };
            training_type: {
                [key: string]: unknown;
            };
            /** @description Warm start: the fine-tuned model or checkpoint (`…:ckpt-step-N`) this job continues from; null when it trains from a base model */
            parent_model: string | null;
            /** @description The parent model's fine-tuning job */
            parent_fine_tuning_job: string | null;
            priority: number;
            /** @description The resolved training spec: every "auto" replaced by its value, plus estimates */
            spec: {
                [key: string]: unknown;
            };
            progress: {
                [key: string]: unknown;
            } | null;
            queue: {
                position: number;
                estimated_start: number | null;
            } | null;
            started_at: number | null;
            attempts: {
                number: number;
                worker_id: string;
                from_step: number;
                to_step: number | null;
                end_reason: string | null;
                started_at: number;
                ended_at: number | null;
            }[];
        };
        FineTuningJobDryRunInput: {
            /** @constant */
            object: "fine_tuning.job.dry_run";
            model: string;
            parent_model: string | null;
            /** @enum {string} */
            method: "supervised" | "dpo";
            worker_class: string;
            spec: {
                [key: string]: unknown;
            };
            estimates: {
                [key: string]: unknown;
            };
        };
        FineTuningJobEventInput: {
            id: string;
            /** @constant */
            object: "fine_tuning.job.event";
            created_at: number;
            level: string;
            message: string;
            type: string;
            data: unknown | null;
        };
        FineTuningJobCheckpointInput: {
            id: string;
            /** @constant */
            object: "fine_tuning.job.checkpoint";
            created_at: number;
            fine_tuned_model_checkpoint: string;
            step_number: number;
            metrics: {
                [key: string]: unknown;
            };
            fine_tuning_job_id: string;
        };
        FineTuningJobCheckpointFilesInput: {
            /** @constant */
            object: "fine_tuning.job.checkpoint.files";
            checkpoint_id: string;
            fine_tuning_job_id: string;
            step_number: number;
            expires_at: number;
            files: {
                name: string;
                bytes: number;
                url: string;
            }[];
        };
        WebhookEndpointInput: {
            id: string;
            /** @constant */
            object: "webhook_endpoint";
            url: string;
            description: string | null;
            event_types: string[];
            enabled: boolean;
            disabled_reason: string | null;
            previous_secret_expires_at: number | null;
            created_at: number;
            updated_at: number;
        };
        WebhookEndpointWithSecretInput: {
            id: string;
            /** @constant */
            object: "webhook_endpoint";
            url: string;
            description: string | null;
            event_types: string[];
            enabled: boolean;
            disabled_reason: string | null;
            previous_secret_expires_at: number | null;
            created_at: number;
            updated_at: number;
            /** @description The whsec_ signing secret. Shown only in this response. */
            secret: string;
        };
        DeletedWebhookEndpointInput: {
            id: string;
            /** @constant */
            object: "webhook_endpoint";
            /** @constant */
            deleted: true;
        };
        WebhookDeliveryInput: {
            id: string;
            /** @constant */
            object: "webhook_delivery";
            endpoint_id: string;
            event_id: string;
            event_type: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempt_count: number;
            last_status_code: number | null;
            last_error: string | null;
            last_latency_ms: number | null;
            next_attempt_at: number | null;
            created_at: number;
            updated_at: number;
        };
        WebhookDeliveryAttemptInput: {
            id: string;
            /** @constant */
            object: "webhook_delivery_attempt";
            number: number;
            status_code: number | null;
            error: string | null;
            latency_ms: number;
            created_at: number;
        };
        WebhookDeliveryDetailInput: {
            id: string;
            /** @constant */
            object: "webhook_delivery";
            endpoint_id: string;
            event_id: string;
            event_type: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempt_count: number;
            last_status_code: number | null;
            last_error: string | null;
            last_latency_ms: number | null;
            next_attempt_at: number | null;
            created_at: number;
            updated_at: number;
            event: {
                id: string;
                type: string;
                created_at: number;
                data: {
                    [key: string]: unknown;
                };
            };
            attempts: components["schemas"]["WebhookDeliveryAttemptInput"][];
        };
        WebhookReplayResultInput: {
            /** @constant */
            object: "webhook_endpoint.replay";
            endpoint_id: string;
            since: number;
            replayed: number;
            /** @description More failed deliveries remain; call again to replay the next batch */
            has_more: boolean;
        };
        FineTuningJobResultInput: {
            /** @constant */
            object: "fine_tuning.job.result";
            fine_tuning_job_id: string;
            fine_tuned_model: string;
            kind: string;
            expires_at: number;
            files: {
                name: string;
                bytes: number;
                url: string;
            }[];
            metrics_csv: string;
            evaluations: {
                stage: string;
                step: number | null;
                metrics: unknown;
                samples: unknown | null;
            }[];
        };
        Quotas: {
            max_concurrent_jobs: number | null;
            max_queued_jobs: number | null;
            monthly_trained_tokens: number | null;
            storage_bytes: number | null;
            requests_per_minute: number | null;
        };
        Organization: {
            id: string;
            /** @constant */
            object: "organization";
            name: string;
            quotas: components["schemas"]["Quotas"];
            created_at: number;
        };
        ApiKey: {
            id: string;
            /** @constant */
            object: "api_key";
            name: string;
            last4: string;
            created_at: number;
            last_used_at: number | null;
            revoked_at: number | null;
        };
        CreatedApiKey: {
            id: string;
            /** @constant */
            object: "api_key";
            name: string;
            last4: string;
            created_at: number;
            last_used_at: number | null;
            revoked_at: number | null;
            key: string;
        };
        Usage: {
            period_start: number;
            trained_tokens: number;
            training_seconds: number;
            storage_bytes: number;
            files: number;
            running_jobs: number;
            queued_jobs: number;
        };
        /**
         * @description owner: everything; member: create, cancel, delete; viewer: read only
         * @enum {string}
         */
        MemberRole: "owner" | "member" | "viewer";
        User: {
            id: string;
            /** @constant */
            object: "user";
            email: string;
            name: string | null;
            created_at: number;
        };
        MembershipSummary: {
            organization: components["schemas"]["Organization"];
            role: components["schemas"]["MemberRole"];
        };
        Session: {
            /** @constant */
            object: "session";
            user: components["schemas"]["User"];
            /** @description Send as x-csrf-token on every request that changes something */
            csrf_token: string;
            expires_at: number;
            organizations: components["schemas"]["MembershipSummary"][];
        };
        Member: {
            id: string;
            /** @constant */
            object: "organization.member";
            user_id: string;
            email: string;
            name: string | null;
            role: components["schemas"]["MemberRole"];
            created_at: number;
        };
        Invitation: {
            id: string;
            /** @constant */
            object: "organization.invitation";
            email: string;
            role: components["schemas"]["MemberRole"];
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked" | "expired";
            created_at: number;
            expires_at: number;
        };
        CreatedInvitation: {
            id: string;
            /** @constant */
            object: "organization.invitation";
            email: string;
            role: components["schemas"]["MemberRole"];
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked" | "expired";
            created_at: number;
            expires_at: number;
            /** @description Shown only in this response: the invitee accepts with it */
            token: string;
        };
        Error: {
            error: {
                message: string;
                type: string;
                param: string | null;
                code: string | null;
                request_id?: string;
            };
        };
        BaseModel: {
            id: string;
            /** @constant */
            object: "model";
            created: number;
            /** @description "whetstone" for public models, else the organization the model is private to */
            owned_by: string;
            /** @constant */
            kind: "base";
            display_name: string | null;
            /** @enum {string} */
            visibility: "public" | "private";
            architecture: string;
            parameter_count: number;
            context_length: number;
            /** @description lora, full, dpo */
            supported_methods: string[];
            /** @description USD per 1M trained tokens (PRICE_TABLE); null when not configured */
            training_price_per_1m_tokens: number | null;
            license: string | null;
            /** @description deprecated models refuse new jobs (400 model_deprecated); existing jobs finish */
            deprecated: boolean;
            replaced_by: string | null;
            resources: {
                worker_class: string;
                min_memory_gb: number;
            };
        };
        FineTunedModel: {
            /** @description ft:<base>:<org>:<suffix>:<job id> */
            id: string;
            /** @constant */
            object: "model";
            created: number;
            owned_by: string;
            /** @constant */
            kind: "fine_tuned";
            /** @description the base model it was trained from */
            parent: string;
            fine_tuning_job: string;
            /** @description lora_adapter or full_weights */
            artifact: string;
            /** @description the fine-tuned model or checkpoint its job continued from (warm start); null when trained from the base model */
            parent_model: string | null;
            /** @description what it descends from, oldest first: the base model, then each warm start parent */
            lineage: string[];
        };
        Model: components["schemas"]["BaseModel"] | components["schemas"]["FineTunedModel"];
        DeletedModel: {
            id: string;
            /** @constant */
            object: "model";
            /** @constant */
            deleted: true;
        };
        CatalogueModel: {
            /** @description catalogue row id (model-...), used by the admin routes */
            id: string;
            /** @constant */
            object: "catalogue.model";
            name: string;
            /** @description null: public */
            organization_id: string | null;
            display_name: string | null;
            license: string | null;
            architecture: string;
            parameter_count: number;
            context_length: number;
            storage_prefix: string;
            content_digest: string | null;
            files: {
                name: string;
                bytes: number;
                sha256: string;
            }[];
            total_bytes: number;
            resources: {
                worker_class: string;
                min_memory_gb: number;
            };
            deprecated_at: number | null;
            replaced_by: string | null;
            created_at: number;
        };
        ModelImportRefusal: {
            error: {
                message: string;
                type: string;
                param: string | null;
                code: string | null;
                request_id?: string;
                problems?: {
                    file: string;
                    field: string | null;
                    reason: string;
                }[];
            };
        };
        File: {
            id: string;
            /** @constant */
            object: "file";
            bytes: number;
            created_at: number;
            filename: string;
            purpose: string;
            /** @enum {string} */
            status: "uploaded" | "validating" | "processed" | "error";
            status_details: string | null;
            format: string | null;
            sha256: string | null;
            validation: {
                ok: boolean;
                format: ("chat" | "prompt_completion" | "preference" | "preference_trl") | null;
                examples: number;
                error_count: number;
                warning_codes: ("too_few_examples" | "duplicate_examples" | "exceeds_context" | "empty_system_prompt" | "empty_content" | "last_message_not_assistant" | "unknown_fields" | "unbalanced_lengths" | "preference_length_bias")[];
                total_tokens: number | null;
                trained_tokens_per_epoch: number | null;
                loss_tokens_per_epoch?: number | null;
                status_details: string | null;
            } | null;
            expires_at: number | null;
        };
        FileValidation: {
            /** @constant */
            object: "file.validation";
            file_id: string;
            /** @enum {string} */
            status: "uploaded" | "validating" | "processed" | "error";
            report: {
                /** @constant */
                object: "file.validation";
                format: ("chat" | "prompt_completion" | "preference" | "preference_trl") | null;
                examples: number;
                lines: {
                    total: number;
                    blank: number;
                    invalid: number;
                };
                errors: {
                    items: {
                        line: number | null;
                        pointer: string;
                        /** @enum {string} */
                        code: "empty_file" | "invalid_utf8" | "line_too_long" | "invalid_json" | "too_deep" | "not_an_object" | "unknown_format" | "mixed_formats" | "wrong_type" | "missing_field" | "lone_surrogate" | "missing_messages" | "empty_messages" | "missing_role" | "invalid_role" | "missing_content" | "invalid_content_type" | "unsupported_content_part" | "invalid_weight" | "invalid_tool_calls" | "tools_not_supported" | "no_assistant_message" | "no_trained_messages" | "preference_output_not_assistant" | "invalid_preference_output_length" | "identical_preference_outputs" | "insufficient_examples";
                        message: string;
                    }[];
                    counts: {
                        [key: string]: number;
                    };
                    total: number;
                    truncated: boolean;
                };
                warnings: {
                    /** @enum {string} */
                    code: "too_few_examples" | "duplicate_examples" | "exceeds_context" | "empty_system_prompt" | "empty_content" | "last_message_not_assistant" | "unknown_fields" | "unbalanced_lengths" | "preference_length_bias";
                    message: string;
                    count: number;
                    lines: number[];
                    related_lines?: number[];
                }[];
                statistics: {
                    /** @enum {string} */
                    length_unit: "tokens" | "characters";
                    length: {
                        total: number;
                        min: number;
                        max: number;
                        mean: number;
                        p50: number;
                        p95: number;
                        p99: number;
                    } | null;
                    histogram: {
                        min: number;
                        max: number | null;
                        count: number;
                    }[];
                    messages_per_example: {
                        min: number;
                        max: number;
                        mean: number;
                    } | null;
                    trained_tokens_per_epoch: number | null;
                    loss_tokens_per_epoch?: number | null;
                    epochs: number;
                    estimated_trained_tokens: number | null;
                    estimated_cost: {
                        model: string;
                        usd_per_million_trained_tokens: number;
                        usd: number;
                    }[] | null;
                    examples_exceeding_context: number | null;
                    context_length: number | null;
                };
                ok: boolean;
            } | null;
        };
        DeletedFile: {
            id: string;
            /** @constant */
            object: "file";
            /** @constant */
            deleted: true;
        };
        CreateFineTuningJobRequest: {
            model: string;
            training_file: string;
            validation_file?: string | null;
            suffix?: string | null;
            seed?: number | null;
            metadata?: {
                [key: string]: string;
            } | null;
            method?: ({
                /** @constant */
                type: "supervised";
                supervised?: {
                    hyperparameters?: {
                        n_epochs?: "auto" | number;
                        batch_size?: "auto" | number;
                        learning_rate_multiplier?: "auto" | number;
                        /** @enum {string} */
                        learning_rate_scheduler?: "constant" | "linear" | "cosine";
                        warmup_ratio?: number;
                        warmup_steps?: number;
                        weight_decay?: number;
                        /** @description 0 turns gradient clipping off */
                        max_grad_norm?: number;
                        max_seq_length?: number;
                        gradient_accumulation_steps?: number;
                        /** @description Stop after this many optimizer steps */
                        max_steps?: number;
                    } | null;
                } | null;
            } | {
                /** @constant */
                type: "dpo";
                dpo?: {
                    hyperparameters?: {
                        n_epochs?: "auto" | number;
                        batch_size?: "auto" | number;
                        learning_rate_multiplier?: "auto" | number;
                        /** @enum {string} */
                        learning_rate_scheduler?: "constant" | "linear" | "cosine";
                        warmup_ratio?: number;
                        warmup_steps?: number;
                        weight_decay?: number;
                        /** @description 0 turns gradient clipping off */
                        max_grad_norm?: number;
                        max_seq_length?: number;
                        gradient_accumulation_steps?: number;
                        /** @description Stop after this many optimizer steps */
                        max_steps?: number;
                        beta?: "auto" | number;
                        /** @enum {string} */
                        loss_type?: "sigmoid" | "ipo" | "hinge";
                        label_smoothing?: number;
                    } | null;
                } | null;
            }) | null;
            hyperparameters?: {
                n_epochs?: "auto" | number;
                batch_size?: "auto" | number;
                learning_rate_multiplier?: "auto" | number;
                /** @enum {string} */
                learning_rate_scheduler?: "constant" | "linear" | "cosine";
                warmup_ratio?: number;
                warmup_steps?: number;
                weight_decay?: number;
                /** @description 0 turns gradient clipping off */
                max_grad_norm?: number;
                max_seq_length?: number;
                gradient_accumulation_steps?: number;
                /** @description Stop after this many optimizer steps */
                max_steps?: number;
            } | null;
            integrations?: ({
                type: string;
            } & {
                [key: string]: unknown;
            })[] | null;
            training_type?: {
                /** @constant */
                type: "lora";
                /** @default 8 */
                r: number;
                /** @default 16 */
                alpha: number;
                /** @default 0.05 */
                dropout: number;
                /**
                 * @default [
                 *       "q_proj",
                 *       "v_proj"
                 *     ]
                 */
                target_modules: "all-linear" | ("q_proj" | "k_proj" | "v_proj" | "o_proj" | "gate_proj" | "up_proj" | "down_proj")[];
            } | {
                /** @constant */
                type: "full";
            };
            /** @description Held-out fraction when no validation file is given (default 0.1) */
            validation_split?: number;
            /** @description Validate every N steps (0: only at the end) */
            eval_interval?: number;
            /** @description Checkpoint every N steps (0: only at the end) */
            checkpoint_interval?: number;
            early_stopping?: {
                patience: number;
                /** @default 0 */
                min_delta: number;
                /**
                 * @default valid_loss
                 * @constant
                 */
                metric: "valid_loss";
            };
            /** @enum {string} */
            checkpoint_selection?: "last" | "best";
            eval_metrics?: ({
                /** @constant */
                type: "exact_match";
                name?: string;
                /** @default true */
                trim: boolean;
                /** @default false */
                ignoreCase: boolean;
            } | {
                /** @constant */
                type: "contains";
                name?: string;
                value: string;
                /** @default false */
                ignoreCase: boolean;
            } | {
                /** @constant */
                type: "regex_match";
                name?: string;
                pattern: string;
                /** @default  */
                flags: string;
                /**
                 * @default search
                 * @enum {string}
                 */
                mode: "search" | "full";
            } | {
                /** @constant */
                type: "json_valid";
                name?: string;
                /** @default false */
                objectOnly: boolean;
            } | {
                /** @constant */
                type: "json_schema_valid";
                name?: string;
                schema: {
                    [key: string]: unknown;
                } | boolean;
            } | {
                /** @constant */
                type: "max_length";
                name?: string;
                max: number;
                /**
                 * @default chars
                 * @enum {string}
                 */
                unit: "chars" | "tokens";
            })[];
            /** @description Higher runs first among your own queued jobs */
            priority?: number;
        };
        FineTuningJob: {
            id: string;
            /** @constant */
            object: "fine_tuning.job";
            created_at: number;
            error: {
                code: string;
                message: string;
                param: string | null;
            } | null;
            fine_tuned_model: string | null;
            finished_at: number | null;
            hyperparameters: {
                [key: string]: unknown;
            };
            model: string;
            organization_id: string;
            result_files: string[];
            seed: number;
            /** @enum {string} */
            status: "validating_files" | "queued" | "running" | "pausing" | "paused" | "succeeded" | "failed" | "cancelled";
            trained_tokens: number | null;
            training_file: string;
            validation_file: string | null;
            estimated_finish: number | null;
            integrations: unknown[];
            metadata: {
                [key: string]: string;
            } | null;
            user_provided_suffix: string | null;
            method: {
                [key: string]: unknown;
            };
            training_type: {
                [key: string]: unknown;
            };
            /** @description Warm start: the fine-tuned model or checkpoint (`…:ckpt-step-N`) this job continues from; null when it trains from a base model */
            parent_model: string | null;
            /** @description The parent model's fine-tuning job */
            parent_fine_tuning_job: string | null;
            priority: number;
            /** @description The resolved training spec: every "auto" replaced by its value, plus estimates */
            spec: {
                [key: string]: unknown;
            };
            progress: {
                [key: string]: unknown;
            } | null;
            queue: {
                position: number;
                estimated_start: number | null;
            } | null;
            started_at: number | null;
            attempts: {
                number: number;
                worker_id: string;
                from_step: number;
                to_step: number | null;
                end_reason: string | null;
                started_at: number;
                ended_at: number | null;
            }[];
        };
        FineTuningJobDryRun: {
            /** @constant */
            object: "fine_tuning.job.dry_run";
            model: string;
            parent_model: string | null;
            /** @enum {string} */
            method: "supervised" | "dpo";
            worker_class: string;
            spec: {
                [key: string]: unknown;
            };
            estimates: {
                [key: string]: unknown;
            };
        };
        FineTuningJobEvent: {
            id: string;
            /** @constant */
            object: "fine_tuning.job.event";
            created_at: number;
            level: string;
            message: string;
            type: string;
            data: unknown | null;
        };
        FineTuningJobCheckpoint: {
            id: string;
            /** @constant */
            object: "fine_tuning.job.checkpoint";
            created_at: number;
            fine_tuned_model_checkpoint: string;
            step_number: number;
            metrics: {
                [key: string]: unknown;
            };
            fine_tuning_job_id: string;
        };
        FineTuningJobCheckpointFiles: {
            /** @constant */
            object: "fine_tuning.job.checkpoint.files";
            checkpoint_id: string;
            fine_tuning_job_id: string;
            step_number: number;
            expires_at: number;
            files: {
                name: string;
                bytes: number;
                url: string;
            }[];
        };
        WebhookEndpoint: {
            id: string;
            /** @constant */
            object: "webhook_endpoint";
            url: string;
            description: string | null;
            event_types: string[];
            enabled: boolean;
            disabled_reason: string | null;
            previous_secret_expires_at: number | null;
            created_at: number;
            updated_at: number;
        };
        WebhookEndpointWithSecret: {
            id: string;
            /** @constant */
            object: "webhook_endpoint";
            url: string;
            description: string | null;
            event_types: string[];
            enabled: boolean;
            disabled_reason: string | null;
            previous_secret_expires_at: number | null;
            created_at: number;
            updated_at: number;
            /** @description The whsec_ signing secret. Shown only in this response. */
            secret: string;
        };
        DeletedWebhookEndpoint: {
            id: string;
            /** @constant */
            object: "webhook_endpoint";
            /** @constant */
            deleted: true;
        };
        WebhookDelivery: {
            id: string;
            /** @constant */
            object: "webhook_delivery";
            endpoint_id: string;
            event_id: string;
            event_type: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempt_count: number;
            last_status_code: number | null;
            last_error: string | null;
            last_latency_ms: number | null;
            next_attempt_at: number | null;
            created_at: number;
            updated_at: number;
        };
        WebhookDeliveryAttempt: {
            id: string;
            /** @constant */
            object: "webhook_delivery_attempt";
            number: number;
            status_code: number | null;
            error: string | null;
            latency_ms: number;
            created_at: number;
        };
        WebhookDeliveryDetail: {
            id: string;
            /** @constant */
            object: "webhook_delivery";
            endpoint_id: string;
            event_id: string;
            event_type: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempt_count: number;
            last_status_code: number | null;
            last_error: string | null;
            last_latency_ms: number | null;
            next_attempt_at: number | null;
            created_at: number;
            updated_at: number;
            event: {
                id: string;
                type: string;
                created_at: number;
                data: {
                    [key: string]: unknown;
                };
            };
            attempts: components["schemas"]["WebhookDeliveryAttempt"][];
        };
        WebhookReplayResult: {
            /** @constant */
            object: "webhook_endpoint.replay";
            endpoint_id: string;
            since: number;
            replayed: number;
            /** @description More failed deliveries remain; call again to replay the next batch */
            has_more: boolean;
        };
        FineTuningJobResult: {
            /** @constant */
            object: "fine_tuning.job.result";
            fine_tuning_job_id: string;
            fine_tuned_model: string;
            kind: string;
            expires_at: number;
            files: {
                name: string;
                bytes: number;
                url: string;
            }[];
            metrics_csv: string;
            evaluations: {
                stage: string;
                step: number | null;
                metrics: unknown;
                samples: unknown | null;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
