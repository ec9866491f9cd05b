#include "automation/automationbar.h"

#include "automation/automationcontroller.h"
#include "automation/ruleseditor.h"
#include "session/session.h"
#include "widgets/flowlayout.h"
#include "widgets/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sockeye {

namespace {
/// The quick edit's one-line payload on top of the welcome rule's other settings (encoding,
/// line ending, checksum set in the rule dialog stay as they are).
PayloadSpec welcomeSpec(const QString &syntax, const PayloadSpec &base)
{
    const PayloadSpec typed = PayloadSpec::fromSyntax(syntax);
    PayloadSpec spec = base;
    spec.setMode(typed.mode());
    spec.setText(typed.text());
    spec.setEscapes(typed.escapes());
    return spec;
}
} // namespace

AutomationBar::AutomationBar(AutomationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_echo(new QCheckBox(tr("&Echo"), this))
    , m_welcome(new QCheckBox(tr("&Welcome"), this))
    , m_welcomeText(new QLineEdit(this))
    , m_rules(new QPushButton(this))
    , m_error(new QLabel(this))
{
    const SessionKind kind = controller->session()->kind();
    auto *title = new QLabel(tr("Auto-reply:"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_echo->setToolTip(tr("Send every frame received straight back to its sender (a rule at the "
                          "end of the rules list: rules above it answer first)"));
    if (kind == SessionKind::TcpClient) {
        m_welcome->setText(tr("&On connect"));
        m_welcome->setToolTip(tr("Send this payload to the server each time the connection is "
                                 "made"));
    } else {
        m_welcome->setToolTip(kind == SessionKind::TcpServer
                                  ? tr("Greet each client with this payload when it connects")
                                  : tr("Greet each new peer with this payload when its first "
                                       "datagram arrives"));
    }
    m_welcomeText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_welcomeText->setPlaceholderText(tr("text:Hello\\r\\n or hex:01 02"));
    m_welcomeText->setAccessibleName(tr("Welcome payload"));
    m_welcomeText->setToolTip(m_welcome->toolTip());
    m_welcomeText->setMinimumWidth(
        m_welcomeText->fontMetrics().horizontalAdvance(QLatin1Char('m')) * 10);
    m_rules->setToolTip(tr("The auto-reply rules of this session: match frames by bytes, hex "
                           "pattern or regular expression and answer with a payload"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    QPalette pal = m_error->palette();
    pal.setColor(QPalette::WindowText, Theme::errorText(palette()));
    m_error->setPalette(pal);

    // One row, wrapped in a narrow window.
    auto *row = new FlowLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(12);
    row->setVerticalSpacing(2);
    row->addWidget(FlowLayout::group(this, {title, m_echo}, 6));
    row->addWidget(FlowLayout::group(this, {m_welcome, m_welcomeText}, 6));
    row->addWidget(m_rules);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_error);

    connect(m_echo, &QCheckBox::toggled, this, [this](bool on) { m_controller->setEchoOn(on); });
    connect(m_welcome, &QCheckBox::toggled, this, [this](bool on) { applyWelcome(on); });
    connect(m_welcomeText, &QLineEdit::textEdited, this,
            [this] { applyWelcome(m_welcome->isChecked()); });
    connect(m_rules, &QPushButton::clicked, this, [this] { showRulesEditor(); });
    connect(m_controller, &AutomationController::rulesChanged, this,
            [this] { syncFromController(); });
    syncFromController();
}

void AutomationBar::syncFromController()
{
    {
        const QSignalBlocker echo(m_echo);
        m_echo->setChecked(m_controller->isEchoOn());
        const QSignalBlocker welcome(m_welcome);
        m_welcome->setChecked(m_controller->isWelcomeOn());
    }
    // Show the rule's payload unless what is typed already says the same (keeps the cursor).
    if (m_controller->welcomeIndex() >= 0) {
        const PayloadSpec payload = m_controller->welcomePayload();
        if (PayloadSpec::fromSyntax(m_welcomeText->text()).toSyntax() != payload.toSyntax())
            m_welcomeText->setText(payload.toSyntax());
    }
    m_rules->setText(tr("R&ules (%1 on)…").arg(m_controller->enabledCount()));
}

void AutomationBar::applyWelcome(bool on)
{
    const PayloadSpec spec = welcomeSpec(m_welcomeText->text(), m_controller->welcomePayload());
    // Checked as the user types, whether or not the box is ticked.
    const PayloadError invalid = spec.validate();
    QString error = invalid.message;
    if (!on) {
        if (m_controller->welcomeIndex() >= 0)
            (void)m_controller->setWelcome(false, invalid.isError() ? m_controller->welcomePayload()
                                                                    : spec);
    } else if (!invalid.isError()) {
        error = m_controller->setWelcome(true, spec);
    }
    if (on && !m_controller->isWelcomeOn()) {
        // Cannot greet with that: leave the box as the rules say.
        const QSignalBlocker blocker(m_welcome);
        m_welcome->setChecked(false);
    }
    m_welcomeError = error;
    QPalette pal = m_welcomeText->palette();
    if (invalid.isError()) {
        pal.setColor(QPalette::Base, Theme::errorBase(palette()));
    } else {
        pal.setColor(QPalette::Base, palette().color(QPalette::Base));
    }
    m_welcomeText->setPalette(pal);
    updateErrors();
}

void AutomationBar::updateErrors()
{
    QStringList errors;
    if (!m_welcomeError.isEmpty())
        errors << tr("Welcome message: %1").arg(m_welcomeError);
    m_error->setText(errors.join(QLatin1Char('\n')));
    m_error->setVisible(!errors.isEmpty());
}

QString AutomationBar::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

RulesEditor *AutomationBar::rulesEditor()
{
    if (!m_editor)
        m_editor = new RulesEditor(m_controller, this);
    return m_editor;
}

void AutomationBar::showRulesEditor()
{
    RulesEditor *editor = rulesEditor();
    editor->show();
    editor->raise();
    editor->activateWindow();
}

} // namespace sockeye
