//! The network between phone and server, with its faults scheduled by the test.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use yizhan_core::sync::{HttpRequest, HttpResponse, NetworkError, Transport};

use super::server::SimServer;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The request never reaches the server.
    DropRequest,
    /// The server handles it, the answer is lost.
    DropResponse,
    /// The network delivers the request twice; the phone sees the second answer.
    Duplicate,
    /// The request is held up and arrives later, after others; the phone times out.
    Delay,
    /// 503 with Retry-After, nothing done.
    Unavailable { retry_after: u64 },
    /// 500 with no Retry-After, nothing done.
    Failing,
    /// The phone is offline.
    Offline,
}

#[derive(Clone)]
pub struct SimNet {
    pub server: Rc<RefCell<SimServer>>,
    faults: Rc<RefCell<VecDeque<Fault>>>,
    delayed: Rc<RefCell<Vec<HttpRequest>>>,
    /// Every request the phone sent, as `METHOD url`, in order.
    pub asked: Rc<RefCell<Vec<String>>>,
}

impl SimNet {
    pub fn new(server: Rc<RefCell<SimServer>>) -> SimNet {
        SimNet {
            server,
            faults: Rc::default(),
            delayed: Rc::default(),
            asked: Rc::default(),
        }
    }

    /// The next requests meet these faults, one each, in order.
    pub fn schedule(&self, faults: &[Fault]) {
        self.faults.borrow_mut().extend(faults.iter().copied());
    }

    /// The network heals: no more faults.
    pub fn heal(&self) {
        self.faults.borrow_mut().clear();
    }

    /// Held-up requests arrive now, late and out of order (last held, first delivered).
    pub fn deliver_delayed(&self) {
        let held: Vec<HttpRequest> = self.delayed.borrow_mut().drain(..).rev().collect();
        for request in held {
            self.server.borrow_mut().handle(&request);
        }
    }
}

impl Transport for SimNet {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetworkError> {
        self.asked
            .borrow_mut()
            .push(format!("{} {}", request.method.as_str(), request.url));
        let fault = self.faults.borrow_mut().pop_front();
        match fault {
            None => Ok(self.server.borrow_mut().handle(&request)),
            Some(Fault::DropRequest) => Err(NetworkError::Timeout),
            Some(Fault::DropResponse) => {
                self.server.borrow_mut().handle(&request);
                Err(NetworkError::Timeout)
            }
            Some(Fault::Duplicate) => {
                self.server.borrow_mut().handle(&request);
                Ok(self.server.borrow_mut().handle(&request))
            }
            Some(Fault::Delay) => {
                self.delayed.borrow_mut().push(request);
                Err(NetworkError::Timeout)
            }
            Some(Fault::Unavailable { retry_after }) => Ok(HttpResponse {
                status: 503,
                headers: vec![("Retry-After".into(), retry_after.to_string())],
                body: r#"{"type":"internal","status":503}"#.into(),
            }),
            Some(Fault::Failing) => Ok(HttpResponse {
                status: 500,
                headers: Vec::new(),
                body: "<html>Internal Server Error</html>".into(),
            }),
            Some(Fault::Offline) => Err(NetworkError::Offline),
        }
    }
}
