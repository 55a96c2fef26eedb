//! HTTP as data: a backend profile says which requests to make and reads the answers; the
//! platform's transport (fetch in the browser, a simulated network in tests) moves them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute, or relative to the page (the profile joins its base URL).
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl HttpRequest {
    pub fn new(method: Method, url: String) -> HttpRequest {
        HttpRequest {
            method,
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> HttpRequest {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn json(mut self, body: String) -> HttpRequest {
        self.body = Some(body);
        self.header("content-type", "application/json")
    }

    /// An HTML form's body, as older APIs (GeoReport) take it.
    pub fn form(mut self, body: String) -> HttpRequest {
        self.body = Some(body);
        self.header("content-type", "application/x-www-form-urlencoded")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// `Retry-After` in seconds (the contract never sends the date form).
    pub fn retry_after(&self) -> Option<u64> {
        self.header("retry-after")?.trim().parse().ok()
    }
}

/// Why no answer came back: the request may or may not have reached the server.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NetworkError {
    #[error("offline")]
    Offline,
    #[error("no answer in time")]
    Timeout,
    #[error("the connection failed: {0}")]
    Failed(String),
}

/// Moves requests. Implementations must not retry on their own: the engine decides.
#[allow(async_fn_in_trait)] // used by generics only; wasm futures are not Send anyway
pub trait Transport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetworkError>;
}
