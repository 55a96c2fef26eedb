//! `yizhan-server setup`: a real community's first day. Outside demo mode the database
//! starts empty and registration is closed, so nobody could ever sign in: this command,
//! run by whoever deploys the server, names the community and makes its first admin,
//! who then does everything else in the app's workbench (README, "Deploying").
//!
//! It can be run again: the community keeps its details once made (the workbench edits
//! them), and a number that already has an account is given the admin role.

use clap::Args;
use sqlx::SqlitePool;
use yizhan_core::model::Role;
use yizhan_core::phone::MobileNumber;
use yizhan_core::validation::FieldProblem;
use yizhan_core::workbench::community::{self, CommunityBody};
use yizhan_core::workbench::people::{check_new_resident, NewResident};

use crate::clock;
use crate::config::Config;
use crate::error::StartError;

/// The community's details and its first admin.
#[derive(Clone, Debug, Args)]
pub struct SetupArgs {
    /// The community's name, as residents see it (育华里社区).
    #[arg(long)]
    pub community: String,

    /// Its district or street office (和平区南营门街道).
    #[arg(long, default_value = "")]
    pub district: String,

    /// The number residents call (022-23456789).
    #[arg(long)]
    pub hotline: String,

    /// The first admin's mobile number: they sign in with a code sent to it.
    #[arg(long)]
    pub admin_phone: String,

    /// The first admin's name.
    #[arg(long)]
    pub admin_name: String,
}

/// What `setup` did, said to the person who ran it.
#[derive(Debug, PartialEq, Eq)]
pub struct Done {
    /// False when the database already had a community, whose details were kept.
    pub community_made: bool,
    /// False when the number already had an account, now an admin.
    pub admin_made: bool,
    pub admin_phone: MobileNumber,
    /// The name an account the number already had keeps (`--admin-name` is for a new one).
    pub known_as: Option<String>,
}

impl std::fmt::Display for Done {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.community_made {
            writeln!(f, "The community is made.")?;
        } else {
            writeln!(
                f,
                "The community was already set up; its details are kept (change them in the workbench)."
            )?;
        }
        let who = self.admin_phone.as_str();
        if self.admin_made {
            write!(
                f,
                "{who} is its admin: sign in with that number and open 设置 → 打开社区工作台."
            )
        } else {
            let name = self.known_as.as_deref().unwrap_or_default();
            write!(
                f,
                "{who} already had an account ({name}, its name kept) and is now an admin, able to sign in."
            )
        }
    }
}

/// Every problem with `args`, said by its flag, before anything is written.
fn check(args: &SetupArgs) -> Result<MobileNumber, StartError> {
    let body = CommunityBody {
        name: args.community.trim().to_string(),
        district: args.district.trim().to_string(),
        hotline: args.hotline.trim().to_string(),
        ..CommunityBody::default()
    };
    let admin = NewResident {
        phone: args.admin_phone.clone(),
        name: args.admin_name.trim().to_string(),
        consent: true,
        ..NewResident::default()
    };
    let mut problems: Vec<(String, FieldProblem)> = community::check(&body)
        .into_iter()
        .map(|(field, problem)| {
            let flag = if field == "name" {
                "community"
            } else {
                field.as_str()
            };
            (flag.to_string(), problem)
        })
        .collect();
    let phone = match check_new_resident(&admin) {
        Ok(phone) => Some(phone),
        Err(found) => {
            problems.extend(
                found
                    .into_iter()
                    .map(|(field, problem)| (format!("admin-{field}"), problem)),
            );
            None
        }
    };
    match phone {
        Some(phone) if problems.is_empty() => Ok(phone),
        _ => Err(StartError::Setup(
            problems
                .iter()
                .map(|(flag, problem)| format!("--{flag}: {}", problem.message()))
                .collect::<Vec<_>>()
                .join("; "),
        )),
    }
}

/// Opens (and migrates) the configured database and makes the community and its admin.
pub async fn run(config: &Config, args: &SetupArgs) -> Result<Done, StartError> {
    let phone = check(args)?;
    let db = crate::db::Db::open(config).await?;
    if crate::demo::was_seeded(db.pool()).await? {
        return Err(StartError::DemoDatabase);
    }
    make(db.pool(), args, phone).await
}

async fn make(
    pool: &SqlitePool,
    args: &SetupArgs,
    phone: MobileNumber,
) -> Result<Done, StartError> {
    let now = clock::now();
    // Read, then write: a write transaction from the start, so that a server running
    // beside it (setup may run while it serves) waits its turn instead of failing.
    let mut tx = crate::db::write(pool).await?;
    let existing: Option<String> =
        sqlx::query_scalar("SELECT id FROM communities ORDER BY rowid LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let community_made = existing.is_none();
    let community_id = match existing {
        Some(id) => id,
        None => {
            let id = format!("c-{}", uuid::Uuid::now_v7().simple());
            sqlx::query(
                "INSERT INTO communities (id, name, district, hotline, announcement, updated_at)
                 VALUES (?, ?, ?, ?, '', ?)",
            )
            .bind(&id)
            .bind(args.community.trim())
            .bind(args.district.trim())
            .bind(args.hotline.trim())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    let user: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, community_id, name FROM users WHERE phone = ?")
            .bind(phone.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let admin_made = user.is_none();
    let known_as = user.as_ref().map(|(_, _, name)| name.clone());
    let user_id = match user {
        Some((_, elsewhere, _)) if elsewhere != community_id => {
            return Err(StartError::Setup(format!(
                "--admin-phone: {}",
                yizhan_core::validation::FieldProblem::OtherCommunity.message()
            )));
        }
        Some((id, _, _)) => {
            // Whoever runs setup holds the server: an account they name is theirs to
            // bring back.
            sqlx::query("UPDATE users SET active = 1 WHERE id = ?")
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            sqlx::query(
                "INSERT INTO users (id, phone, name, community_id, grid_id, created_at)
                 VALUES (?, ?, ?, ?, NULL, ?)",
            )
            .bind(&id)
            .bind(phone.as_str())
            .bind(args.admin_name.trim())
            .bind(&community_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .bind(&user_id)
        .bind(Role::Admin.as_str())
        .execute(&mut *tx)
        .await?;
    crate::audit::write(&mut tx, None, "setup_admin", &user_id, None).await?;
    tx.commit().await?;
    Ok(Done {
        community_made,
        admin_made,
        admin_phone: phone,
        known_as,
    })
}
