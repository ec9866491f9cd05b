#include "session/certificatedialog.h"

#include "tls/selfsignedcertificate.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sockeye {

namespace {
QString dateText(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}
} // namespace

CertificateDialog::CertificateDialog(const TlsPeerInfo &tls, const QString &peerLabel,
                                     QWidget *parent)
    : QDialog(parent)
    , m_tree(new QTreeWidget(this))
{
    setWindowTitle(tr("Certificates of %1").arg(peerLabel));
    auto *summary = new QLabel(this);
    summary->setWordWrap(true);
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QString line = tr("%1, %2").arg(tls.protocol, tls.cipher);
    if (!tls.alpn.isEmpty())
        line += tr(", ALPN %1").arg(tls.alpn);
    line += tls.verified ? tr(": verified") : tr(": not verified");
    summary->setText(line);

    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Field"), tr("Value")});
    m_tree->setAccessibleName(tr("Certificate chain"));
    m_tree->setWordWrap(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < tls.chain.size(); ++i) {
        const QSslCertificate &c = tls.chain.at(i);
        auto *top = new QTreeWidgetItem(
            m_tree, {tr("Certificate %1 of %2").arg(i + 1).arg(tls.chain.size()),
                     TlsReport::nameText(c, false)});
        const QString validity = now > c.expiryDate()      ? tr(" (expired)")
                                 : now < c.effectiveDate() ? tr(" (not yet valid)")
                                                           : QString();
        const QList<QPair<QString, QString>> fields = {
            {tr("Subject"), TlsReport::nameText(c, false)},
            {tr("Issuer"), TlsReport::nameText(c, true)},
            {tr("Valid from"), dateText(c.effectiveDate())},
            {tr("Valid until"), dateText(c.expiryDate()) + validity},
            {tr("For names"), TlsReport::namesOf(c).join(QStringLiteral(", "))},
            {tr("Serial number"), QString::fromLatin1(c.serialNumber())},
            {tr("SHA-256"), sha256Fingerprint(c)},
            {tr("Self-signed"), c.isSelfSigned() ? tr("yes") : tr("no")},
        };
        for (const auto &[name, value] : fields)
            new QTreeWidgetItem(top, {name, value});
        top->setExpanded(i == 0);
    }
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("&Copy as PEM"), QDialogButtonBox::ActionRole);
    copy->setToolTip(tr("Copy every certificate of the chain, as PEM text"));
    connect(copy, &QPushButton::clicked, this, [tls] {
        QByteArray pem;
        for (const QSslCertificate &c : tls.chain)
            pem += c.toPem();
        QApplication::clipboard()->setText(QString::fromLatin1(pem));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 130, fontMetrics().height() * 26);
}

QString CertificateDialog::text() const
{
    QStringList lines;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *top = m_tree->topLevelItem(i);
        lines << top->text(0) + QLatin1String(": ") + top->text(1);
        for (int j = 0; j < top->childCount(); ++j)
            lines << QLatin1String("  ") + top->child(j)->text(0) + QLatin1String(": ") +
                         top->child(j)->text(1);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace sockeye
