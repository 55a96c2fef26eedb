// A stand-in for a street office's RuoYi-Vue backend (Spring Boot, ruoyi-vue 3.8), with a
// work-order module as RuoYi's code generator makes one, written from the framework's
// published conventions — RuoYi-Vue cannot be installed here (it needs a JVM, MySQL and
// Redis). What it keeps of them:
// - `POST /login` with `{username, password, code, uuid}` answers `{code, msg, token}`;
//   `GET /getInfo` answers `{user: {userId, userName, nickName, phonenumber, deptId}}`;
//   the token goes as `Authorization: Bearer …` (captcha switched off, as offices do
//   for app clients through `sys.account.captchaEnabled`).
// - Every answer is HTTP 200 with `{code, msg}`: errors in-band (`{"code":500,"msg":…}`
//   from GlobalExceptionHandler, `{"code":401,…}` from AuthenticationEntryPointImpl).
// - Lists are `TableDataInfo` `{total, rows, code, msg}`, paged by `pageNum`/`pageSize`
//   (10 by default) through PageHelper with `reasonable` on: a page past the end answers
//   the last page again. Any entity property given as a query parameter filters the
//   list (the generated mapper's `<if test="clientId != null">`); unknown ones are
//   ignored, as Spring's binding ignores them.
// - Entities are camelCase with `Long` ids as JSON numbers, dates as
//   `yyyy-MM-dd HH:mm:ss` in the server's zone (Asia/Shanghai) through `@JsonFormat`: any
//   other form fails Jackson's parse, answered in-band with its message. Unknown
//   properties are ignored (Spring Boot's default). Status is a number.
// - `POST /yizhan/order` and `PUT /yizhan/order` answer `toAjax(rows)`: no data. The
//   resident and the creation time come from the session, the version and update time
//   from the update (`version = version + 1`).
// - A service's answers are kept as JSON text (`String formData`, a `varchar`).
// - The office's rules for residents: only their own orders; a cancel only before
//   dispatch (`ServiceException("工单已派发，不能取消，请联系社区")`).
import { createServer } from "node:http";

export const PASSWORD = "Yz@2026pw";

const STATUS = { submitted: 0, dispatched: 1, accepted: 2, in_progress: 3, completed: 4, closed: 5, cancelled: 6, rejected: 7 };
const KIND = { direct: "1", proxy: "2", special: "3" };
const QUESTION = { string: "input", text: "textarea", number: "number", date: "date", datetime: "datetime", single: "radio", multi: "checkbox" };

/// A moment as `@JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss", timezone = "GMT+8")`.
export function beijing(ms) {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export async function startRuoYiVue({ community, services }) {
  const users = [
    { userId: 101, userName: "13800000001", nickName: "李万章", phonenumber: "13800000001", deptId: 201 },
    { userId: 102, userName: "13800000002", nickName: "曹菊兰", phonenumber: "13800000002", deptId: 201 },
  ];
  const tokens = new Map(); // token → userId
  /// yz_order rows by orderId, in the entity's JSON shape.
  const orders = new Map();
  let nextOrderId = 1;
  const counts = { lists: 0, posts: 0, puts: 0 };
  const rows = services.map((s, i) => ({
    serviceId: i + 1,
    serviceCode: s.code,
    serviceName: s.name,
    category: s.category,
    serviceKind: KIND[s.kind],
    remark: s.description,
    slaHours: s.sla_hours,
    status: s.active ? "0" : "1",
    updateTime: "2026-11-23 13:24:09",
    questions: s.fields.map((f) => ({
      questionCode: f.code,
      questionName: f.label,
      questionType: QUESTION[f.datatype],
      isRequired: f.required ? "Y" : "N",
      options: f.options.map((o) => ({ dictValue: o.key, dictLabel: o.label })),
    })),
  }));

  const send = (res, body) => {
    res.writeHead(200, { "content-type": "application/json;charset=UTF-8" });
    res.end(JSON.stringify(body));
  };
  const ok = (res, extra = {}) => send(res, { msg: "操作成功", code: 200, ...extra });
  const error = (res, msg, code = 500) => send(res, { msg, code });
  const table = (res, list, url) => {
    // PageHelper.startPage(pageNum, pageSize).setReasonable(true)
    const size = Math.max(1, Number(url.searchParams.get("pageSize") ?? 10) || 10);
    const pages = Math.max(1, Math.ceil(list.length / size));
    const asked = Number(url.searchParams.get("pageNum") ?? 1) || 1;
    const page = Math.min(Math.max(asked, 1), pages);
    send(res, { total: list.length, rows: list.slice((page - 1) * size, page * size), code: 200, msg: "查询成功" });
  };
  const readBody = (req) =>
    new Promise((done) => {
      let text = "";
      req.on("data", (chunk) => (text += chunk));
      req.on("end", () => done(text));
    });

  /// Jackson reading a `YzOrder`: dates in the pattern, Longs as numbers or digits.
  function parseOrder(text) {
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new Error(`JSON parse error: ${e.message}`);
    }
    for (const field of ["expectTime"]) {
      const value = body[field];
      if (value != null && !DATE.test(value)) {
        throw new Error(
          `JSON parse error: Cannot deserialize value of type \`java.util.Date\` from String "${value}": expected format "yyyy-MM-dd HH:mm:ss"`,
        );
      }
    }
    // `String formData`: a service's answers as JSON text.
    if (body.formData != null && typeof body.formData !== "string") {
      throw new Error("JSON parse error: Cannot deserialize value of type `java.lang.String` from Object value");
    }
    for (const field of ["orderId", "serviceId", "version", "status", "rating"]) {
      const value = body[field];
      if (value == null) continue;
      if (!/^-?\d+$/.test(String(value))) {
        throw new Error(`JSON parse error: Cannot deserialize value of type \`java.lang.Long\` from String "${value}": not a valid \`java.lang.Long\` value`);
      }
      body[field] = Number(value);
    }
    return body;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://ruoyi.invalid");
    const path = url.pathname;
    if (req.method === "GET" && path === "/captchaImage") return ok(res, { captchaEnabled: false });
    if (req.method === "POST" && path === "/login") {
      const { username, password } = JSON.parse((await readBody(req)) || "{}");
      const user = users.find((u) => u.userName === username);
      if (!user || password !== PASSWORD) return error(res, "用户不存在/密码错误");
      const token = `eyJ${crypto.randomUUID().replaceAll("-", "")}`;
      tokens.set(token, user.userId);
      return ok(res, { token });
    }
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const userId = tokens.get(bearer);
    if (userId === undefined) {
      return error(res, `请求访问：${path}，认证失败，无法访问系统资源`, 401);
    }
    const user = users.find((u) => u.userId === userId);
    if (req.method === "GET" && path === "/getInfo") {
      return ok(res, { user, roles: ["common"], permissions: [] });
    }
    if (req.method === "GET" && path === "/yizhan/community") {
      return ok(res, {
        data: {
          communityId: 1,
          communityName: community.name,
          district: community.district,
          hotline: community.hotline,
          notice: community.announcement,
          updateTime: "2026-11-23 13:24:09",
        },
      });
    }
    if (req.method === "GET" && path === "/yizhan/service/list") return table(res, rows, url);
    if (req.method === "GET" && path === "/yizhan/order/list") {
      counts.lists += 1;
      const clientId = url.searchParams.get("clientId");
      const mine = [...orders.values()]
        .filter((o) => o.residentId === userId && o.delFlag === "0")
        .filter((o) => !clientId || o.clientId === clientId)
        .sort((a, b) => a.orderId - b.orderId);
      return table(res, mine, url);
    }
    const one = path.match(/^\/yizhan\/order\/(\d+)$/);
    if (req.method === "GET" && one) {
      const order = orders.get(Number(one[1]));
      return order && order.residentId === userId ? ok(res, { data: order }) : ok(res);
    }
    if ((req.method === "POST" || req.method === "PUT") && path === "/yizhan/order") {
      let body;
      try {
        body = parseOrder(await readBody(req));
      } catch (e) {
        return error(res, e.message);
      }
      const now = beijing(Date.now());
      if (req.method === "POST") {
        counts.posts += 1;
        const order = {
          searchValue: null, createBy: user.userName, createTime: now, updateBy: null, updateTime: now,
          remark: body.remark ?? null, params: {},
          orderId: nextOrderId++, clientId: body.clientId ?? null, orderType: body.orderType ?? "2",
          serviceId: body.serviceId ?? null, orderTitle: body.orderTitle ?? null,
          orderContent: body.orderContent ?? null, address: body.address ?? null,
          contactPhone: body.contactPhone ?? null, expectTime: body.expectTime ?? null, formData: body.formData ?? null,
          status: STATUS.submitted, version: 1, residentId: userId, handlerId: null, handlerName: null,
          rating: null, delFlag: "0",
        };
        if (!order.orderTitle) return error(res, "工单标题不能为空");
        orders.set(order.orderId, order);
        return ok(res);
      }
      counts.puts += 1;
      const order = orders.get(body.orderId);
      if (!order || order.residentId !== userId) return error(res, "没有权限访问该工单");
      if (body.status === STATUS.cancelled && order.status !== STATUS.submitted) {
        return error(res, "工单已派发，不能取消，请联系社区");
      }
      if (body.status === STATUS.closed && order.status !== STATUS.completed) {
        return error(res, "工单尚未办结，不能确认");
      }
      for (const field of ["status", "rating", "remark", "address", "contactPhone", "expectTime"]) {
        if (body[field] != null) order[field] = body[field];
      }
      order.version += 1;
      order.updateBy = user.userName;
      order.updateTime = now;
      return ok(res);
    }
    return error(res, `请求地址'${path}',不支持'${req.method}'请求`);
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));

  /// What the community's staff do in RuoYi's admin screens.
  const staff = {
    byTitle: (title) => [...orders.values()].filter((o) => o.orderTitle === title),
    dispatch(title, handler) {
      const [order] = staff.byTitle(title);
      Object.assign(order, {
        status: STATUS.dispatched, handlerId: handler.userId, handlerName: handler.name,
        version: order.version + 1, updateBy: "admin", updateTime: beijing(Date.now() + 1000),
      });
    },
    /// An order entered at the counter for a resident: no client id.
    enterAtCounter(residentId, title) {
      const now = beijing(Date.now());
      const order = {
        searchValue: null, createBy: "admin", createTime: now, updateBy: null, updateTime: now,
        remark: "柜台登记", params: {}, orderId: nextOrderId++, clientId: null, orderType: "1",
        serviceId: 1, orderTitle: title, orderContent: "居民到服务站口述，工作人员代为登记。",
        address: null, contactPhone: null, expectTime: null, status: STATUS.submitted, version: 1,
        residentId, handlerId: null, handlerName: null, rating: null, delFlag: "0",
      };
      orders.set(order.orderId, order);
      return order;
    },
  };

  return {
    url: `http://127.0.0.1:${server.address().port}`,
    orders,
    counts,
    staff,
    tokens,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

const WORDS = Object.fromEntries(Object.entries(STATUS).map(([word, code]) => [code, word]));

/// For tests/e2e/any_backend.test.mjs: how a resident signs in here, and what the staff
/// do in RuoYi's admin screens.
export const backend = {
  signIn: { phone: "13800000001", secret: PASSWORD, with: "password" },
  createUrl: "**/api/yizhan/order",
  createMethod: "POST",
  pageSize: 10,
  refusesLateCancel: true,
  async start(seed) {
    const ruoyi = await startRuoYiVue(seed);
    return {
      url: ruoyi.url,
      stop: () => ruoyi.stop(),
      lastCode: () => undefined,
      count: (title) => ruoyi.staff.byTitle(title).length,
      status: (title) => WORDS[ruoyi.staff.byTitle(title)[0]?.status],
      creates: () => ruoyi.counts.posts,
      lists: () => ruoyi.counts.lists,
      mine: () => [...ruoyi.orders.values()].filter((o) => o.residentId === 101).length,
      dispatch: (title, name) => ruoyi.staff.dispatch(title, { userId: 103, name }),
      enterAtCounter: (title) => ruoyi.staff.enterAtCounter(101, title),
    };
  },
};
