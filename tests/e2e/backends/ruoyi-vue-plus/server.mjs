// A stand-in for a RuoYi-Vue-Plus 5.x backend (Spring Boot 3, Sa-Token, MyBatis-Plus),
// with a work-order module from its code generator, written from the framework's
// published conventions — it cannot be installed here (JVM, MySQL, Redis). What it keeps:
// - SMS sign-in: `GET /resource/sms/code?phonenumber=` texts a code; `POST /auth/login`
//   with `{clientId, grantType: "sms", tenantId, phonenumber, smsCode}` answers
//   `{code, msg, data: {access_token, expire_in, client_id}}`. Every request carries the
//   public `clientid` header, which must match the token's client (Sa-Token's check).
// - `R<T>`: HTTP 200 with `{code, msg, data}`, errors in-band (`code` 500 from
//   ServiceException, 401 from NotLoginException "认证失败，无法访问系统资源").
// - Lists are `TableDataInfo` `{total, rows, code, msg}` paged by `pageNum`/`pageSize`
//   through MyBatis-Plus: a page past the end is empty.
// - `Long` ids are snowflake numbers beyond JavaScript's safe range, written as strings
//   (its BigNumberSerializer); dictionary values are strings ("0", "1"); dates are
//   `yyyy-MM-dd HH:mm:ss` in Beijing time.
// - Add and edit answer `R<Void>`: `{code: 200, msg: "操作成功", data: null}`.
import { listen, readJson, send, LATE_CANCEL } from "../http.mjs";
import { beijing } from "../ruoyi-vue/server.mjs";

export const CLIENT_ID = "e5cd7e4891bf95d1d19206ce24a7b32e";
const STATUS = { submitted: "0", dispatched: "1", accepted: "2", in_progress: "3", completed: "4", closed: "5", cancelled: "6", rejected: "7" };
const WORDS = Object.fromEntries(Object.entries(STATUS).map(([word, code]) => [code, word]));
const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export async function startRuoYiVuePlus({ community, services }) {
  const resident = { userId: "1858400000000000101", tenantId: "000000", deptId: "103", userName: "13800000001", nickName: "李万章", phonenumber: "13800000001" };
  const codes = new Map(); // phone → code
  const tokens = new Map(); // token → userId
  const orders = new Map(); // orderId (string) → row
  let snowflake = 1858400000000100000n;
  const nextId = () => String((snowflake += 1n));
  const counts = { lists: 0, posts: 0 };
  const r = (res, data = null, msg = "操作成功") => send(res, 200, { code: 200, msg, data });
  const fail = (res, msg, code = 500) => send(res, 200, { code, msg, data: null });

  const server = await listen(async (req, res, url) => {
    const path = url.pathname;
    if (req.method === "GET" && path === "/resource/sms/code") {
      const phone = url.searchParams.get("phonenumber");
      if (phone !== resident.phonenumber) return fail(res, "用户不存在");
      codes.set(phone, String(100000 + Math.floor(Math.random() * 900000)));
      return r(res);
    }
    if (req.method === "POST" && path === "/auth/login") {
      const body = (await readJson(req)) ?? {};
      if (body.clientId !== CLIENT_ID || req.headers.clientid !== CLIENT_ID) return fail(res, "客户端id不正确");
      if (body.grantType !== "sms") return fail(res, "认证类型不正确");
      if (!codes.has(body.phonenumber) || codes.get(body.phonenumber) !== body.smsCode) return fail(res, "验证码错误");
      codes.delete(body.phonenumber);
      const token = `eyJ0eXAi.${crypto.randomUUID()}`;
      tokens.set(token, resident.userId);
      return r(res, { access_token: token, expire_in: 604800, client_id: CLIENT_ID });
    }
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (!tokens.has(token)) return fail(res, "认证失败，无法访问系统资源", 401);
    if (req.headers.clientid !== CLIENT_ID) return fail(res, "客户端ID与Token不匹配", 401);
    if (req.method === "GET" && path === "/system/user/getInfo") {
      return r(res, { user: resident, permissions: [], roles: ["common"] });
    }
    if (req.method === "GET" && path === "/yizhan/community") {
      return r(res, { communityId: "1858400000000000001", communityName: community.name, district: community.district,
        hotline: community.hotline, notice: community.announcement, updateTime: "2026-11-23 13:24:09" });
    }
    if (req.method === "GET" && path === "/yizhan/service/list") {
      const rows = services.map((s, i) => ({ serviceId: String(1858400000000001000n + BigInt(i)), serviceCode: s.code,
        serviceName: s.name, category: s.category, serviceKind: { direct: "1", proxy: "2", special: "3" }[s.kind],
        remark: s.description, slaHours: s.sla_hours, status: s.active ? "0" : "1", updateTime: "2026-11-23 13:24:09" }));
      return send(res, 200, { total: rows.length, rows, code: 200, msg: "查询成功" });
    }
    if (req.method === "GET" && path === "/yizhan/order/list") {
      counts.lists += 1;
      const clientId = url.searchParams.get("clientId");
      const mine = [...orders.values()].filter((o) => o.residentId === resident.userId && (!clientId || o.clientId === clientId));
      const size = Number(url.searchParams.get("pageSize") ?? 10) || 10;
      const page = Math.max(1, Number(url.searchParams.get("pageNum") ?? 1) || 1);
      return send(res, 200, { total: mine.length, rows: mine.slice((page - 1) * size, page * size), code: 200, msg: "查询成功" });
    }
    if ((req.method === "POST" || req.method === "PUT") && path === "/yizhan/order") {
      const body = await readJson(req);
      if (!body) return fail(res, "JSON parse error");
      if (body.expectTime != null && !DATE.test(body.expectTime)) {
        return fail(res, `JSON parse error: Cannot deserialize value of type \`java.util.Date\` from String "${body.expectTime}"`);
      }
      const now = beijing(Date.now());
      if (req.method === "POST") {
        counts.posts += 1;
        if (!body.orderTitle) return fail(res, "工单标题不能为空");
        const order = { orderId: nextId(), tenantId: "000000", clientId: body.clientId ?? null, orderType: body.orderType ?? "2",
          serviceId: body.serviceId ?? null, orderTitle: body.orderTitle, orderContent: body.orderContent ?? null,
          address: body.address ?? null, contactPhone: body.contactPhone ?? null, expectTime: body.expectTime ?? null, formData: body.formData ?? null,
          status: STATUS.submitted, version: 1, residentId: resident.userId, handlerId: null, handlerName: null,
          rating: null, remark: null, createBy: resident.userId, createTime: now, updateBy: null, updateTime: now };
        orders.set(order.orderId, order);
        return r(res);
      }
      const order = orders.get(String(body.orderId));
      if (!order || order.residentId !== resident.userId) return fail(res, "没有权限访问该工单");
      if (body.status === STATUS.cancelled && order.status !== STATUS.submitted) return fail(res, LATE_CANCEL);
      for (const field of ["status", "rating", "remark"]) if (body[field] != null) order[field] = body[field];
      order.version += 1;
      order.updateTime = now;
      return r(res);
    }
    return fail(res, `请求地址'${path}',不支持'${req.method}'请求`);
  });

  const byTitle = (title) => [...orders.values()].filter((o) => o.orderTitle === title);
  return {
    ...server,
    counts,
    orders,
    lastCode: (phone) => codes.get(phone),
    byTitle,
    dispatch(title, name) {
      const [order] = byTitle(title);
      Object.assign(order, { status: STATUS.dispatched, handlerId: "1858400000000000103", handlerName: name,
        version: order.version + 1, updateTime: beijing(Date.now() + 1000) });
    },
    enterAtCounter(title) {
      const now = beijing(Date.now());
      const order = { orderId: nextId(), tenantId: "000000", clientId: null, orderType: "1", serviceId: null,
        orderTitle: title, orderContent: "服务站代为登记", address: null, contactPhone: null, expectTime: null,
        status: STATUS.submitted, version: 1, residentId: resident.userId, handlerId: null, handlerName: null,
        rating: null, remark: "柜台登记", createBy: "1", createTime: now, updateBy: null, updateTime: now };
      orders.set(order.orderId, order);
    },
  };
}

export const backend = {
  signIn: { phone: "13800000001", with: "code" },
  createUrl: "**/api/yizhan/order",
  createMethod: "POST",
  pageSize: 10,
  refusesLateCancel: true,
  async start(seed) {
    const plus = await startRuoYiVuePlus(seed);
    return {
      url: plus.url,
      stop: () => plus.stop(),
      lastCode: plus.lastCode,
      count: (title) => plus.byTitle(title).length,
      status: (title) => WORDS[plus.byTitle(title)[0]?.status],
      creates: () => plus.counts.posts,
      lists: () => plus.counts.lists,
      mine: () => plus.orders.size,
      dispatch: plus.dispatch,
      enterAtCounter: plus.enterAtCounter,
    };
  },
};
