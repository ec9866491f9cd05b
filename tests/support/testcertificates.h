#pragma once

#include <QString>
#include <QTemporaryDir>

namespace sockeye::test {

/**
 * Certificates the tests make with the openssl command (not with Sockeye's code): a CA, leaves
 * it signed (for localhost only: valid, expired, not yet valid), a self-signed one, a client
 * certificate, and the good leaf's key encrypted with the passphrase "s3cret".
 */
class TestCertificates
{
public:
    TestCertificates();
    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] QString error() const { return m_error; }
    /// `name`.crt or `name`.key: ca, good, expired, future, self, client, good-encrypted (key).
    [[nodiscard]] QString crt(const QString &name) const;
    [[nodiscard]] QString key(const QString &name) const;
    [[nodiscard]] QString path(const QString &file) const { return m_dir.filePath(file); }

private:
    QTemporaryDir m_dir;
    QString m_error;
    bool m_ok = false;
};

} // namespace sockeye::test
